package org.openiwd.etl.console.repair;

import java.time.LocalDate;

import org.openiwd.etl.console.PageActions;
import org.openiwd.etl.console.tenants.TenantConsole;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The repair page of a tenant: its quarantine, and the replay, reprocess and rebuild forms. */
@Controller
class RepairPageController {

    private final RepairConsole repair;
    private final TenantConsole tenantConsole;
    private final TenantRegistry tenants;

    RepairPageController(RepairConsole repair, TenantConsole tenantConsole, TenantRegistry tenants) {
        this.repair = repair;
        this.tenantConsole = tenantConsole;
        this.tenants = tenants;
    }

    @GetMapping("/console/repair")
    String page(@RequestParam(required = false) String tenant, Model model) {
        var active = tenants.active();
        String selected = tenant != null ? tenant : active.isEmpty() ? null : active.getFirst().id();
        model.addAttribute("tenants", active);
        model.addAttribute("selected", selected);
        if (selected != null) {
            model.addAttribute("tenant", tenantConsole.row(selected));
            model.addAttribute("quarantine", tenantConsole.quarantine(selected, 50));
        }
        model.addAttribute("today", LocalDate.now());
        return "console/repair";
    }

    @PostMapping("/console/repair/{tenant}/replay")
    String replay(@PathVariable String tenant, RedirectAttributes attributes) {
        return PageActions.run(back(tenant), attributes, () -> {
            var result = repair.replay(tenant);
            return "Quarantine replayed: " + result.replayed() + " loaded, " + result.stillQuarantined()
                    + " failed again, " + result.remaining() + " left";
        });
    }

    @PostMapping("/console/repair/{tenant}/reprocess")
    String reprocess(@PathVariable String tenant,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            RedirectAttributes attributes) {
        return PageActions.run(back(tenant), attributes, () -> {
            var started = repair.reprocess(tenant, from, to);
            return "Reprocessing " + from + " to " + to + ": " + started.intervalsMarked()
                    + " intervals to re-aggregate; aggregateIntraday" + (started.withDays() ? " and nightly" : "")
                    + " started (see Executions)";
        });
    }

    @PostMapping("/console/repair/{tenant}/rebuild")
    String rebuild(@PathVariable String tenant, @RequestParam(required = false) String confirmation,
            RedirectAttributes attributes) {
        return PageActions.run(back(tenant), attributes, () -> repair.rebuild(tenant, confirmation)
                + " (see Executions and the audit log)");
    }

    private static String back(String tenant) {
        return "/console/repair?tenant=" + tenant;
    }
}
