package org.openiwd.etl.console.tenants;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The tenants as JSON: all, one, and one tenant's quarantine. */
@RestController
class TenantsApiController {

    private final TenantConsole tenants;

    TenantsApiController(TenantConsole tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/console/api/tenants")
    List<TenantRow> list() {
        return tenants.rows();
    }

    @GetMapping("/console/api/tenants/{tenant}")
    TenantRow one(@PathVariable String tenant) {
        return tenants.row(tenant);
    }

    @GetMapping("/console/api/tenants/{tenant}/quarantine")
    List<TenantConsole.QuarantineEntry> quarantine(@PathVariable String tenant,
            @RequestParam(defaultValue = "100") int limit) {
        return tenants.quarantine(tenant, limit);
    }
}
