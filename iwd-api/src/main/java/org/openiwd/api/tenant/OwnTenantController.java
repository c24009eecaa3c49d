package org.openiwd.api.tenant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /iwd/v3/tenant}: which tenant a key acts on, and as what. A per-tenant job (a Kubernetes CronJob of
 * the Data Mart with the tenant's own datamart key) finds its tenant and time zone here, without the cluster key
 * that {@code GET /provisioning} needs. Any tenant key; a cluster key with {@code x-iwd-tenant}.
 */
@RestController
@Tag(name = "Provisioning")
class OwnTenantController {

    private final TenantRepository tenants;

    OwnTenantController(TenantRepository tenants) {
        this.tenants = tenants;
    }

    /**
     * @param id the tenant
     * @param name its display name
     * @param timeZone its IANA zone
     * @param role the role of the key that asked
     * @param cluster whether that key is a cluster key (acting on the tenant named in {@code x-iwd-tenant})
     */
    @Schema(name = "OwnTenant", requiredProperties = {"id", "name", "timeZone", "role", "cluster"})
    record OwnTenant(String id, String name, String timeZone,
            @Schema(allowableValues = {"tenant", "datamart", "email", "import"}) String role, boolean cluster) {
    }

    @GetMapping("/iwd/v3/tenant")
    @Operation(operationId = "getOwnTenant", summary = "The tenant the key acts on, and the key's role (any tenant "
            + "key; a cluster datamart or email key with x-iwd-tenant)")
    OwnTenant get(Caller caller) {
        caller.require(Role.TENANT, Role.DATAMART, Role.EMAIL, Role.IMPORT);
        Tenant tenant = tenants.find(caller.tenant())
                .orElseThrow(() -> ApiProblem.notFound("No tenant " + caller.tenant() + "."));
        return new OwnTenant(tenant.id(), tenant.name(), tenant.timeZone(), caller.role().wireName(),
                caller.cluster());
    }
}
