package org.openiwd.etl.console.jobs;

import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The jobs overview page, with the launch form (the launch itself is the executions' POST). */
@Controller
class JobsPageController {

    private final JobsOverview overview;
    private final TenantRegistry tenants;
    private final EtlJobRunner runner;

    JobsPageController(JobsOverview overview, TenantRegistry tenants, EtlJobRunner runner) {
        this.overview = overview;
        this.tenants = tenants;
        this.runner = runner;
    }

    @GetMapping("/console/jobs")
    String jobs(Model model) {
        var rows = overview.rows();
        model.addAttribute("rows", rows);
        model.addAttribute("failing", rows.stream().filter(JobRow::failing).count());
        model.addAttribute("running", rows.stream().filter(JobRow::running).count());
        model.addAttribute("tenants", tenants.active());
        model.addAttribute("jobNames", runner.jobNames());
        return "console/jobs";
    }
}
