package org.openiwd.etl.console.tenants;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The tenants page. */
@Controller
class TenantsPageController {

    private final TenantConsole tenants;

    TenantsPageController(TenantConsole tenants) {
        this.tenants = tenants;
    }

    @GetMapping("/console/tenants")
    String list(Model model) {
        model.addAttribute("rows", tenants.rows());
        return "console/tenants";
    }
}
