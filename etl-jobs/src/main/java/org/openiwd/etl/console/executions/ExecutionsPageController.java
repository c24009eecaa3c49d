package org.openiwd.etl.console.executions;

import java.time.LocalDate;

import org.openiwd.etl.console.PageActions;
import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.operation.ExecutionPage;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.batch.core.BatchStatus;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The executions pages: the list with filters and pages, one execution's detail with its live progress (an htmx
 * fragment the page polls while the execution runs), and the forms of the actions on executions.
 */
@Controller
class ExecutionsPageController {

    static final int PAGE_SIZE = 25;

    private final ExecutionConsole executions;
    private final TenantRegistry tenants;
    private final EtlJobRunner runner;

    ExecutionsPageController(ExecutionConsole executions, TenantRegistry tenants, EtlJobRunner runner) {
        this.executions = executions;
        this.tenants = tenants;
        this.runner = runner;
    }

    @GetMapping("/console/executions")
    String list(@RequestParam(required = false) String job, @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String param, @RequestParam(defaultValue = "0") int page, Model model) {
        ExecutionFilterForm form = new ExecutionFilterForm(job, tenant, status, from, to, param);
        ExecutionPage result = executions.list(form.toFilter(), Math.max(0, page), PAGE_SIZE);
        model.addAttribute("form", form);
        model.addAttribute("result", result);
        model.addAttribute("pages", (result.total() + PAGE_SIZE - 1) / PAGE_SIZE);
        model.addAttribute("statuses", BatchStatus.values());
        model.addAttribute("tenants", tenants.active());
        model.addAttribute("jobNames", runner.jobNames());
        return "console/executions";
    }

    @GetMapping("/console/executions/{id}")
    String detail(@PathVariable long id, Model model) {
        model.addAttribute("view", executions.view(id));
        model.addAttribute("progress", executions.progress(id, null));
        return "console/execution";
    }

    /** The live progress fragment; the page sends back the previous sample so rates need no server state. */
    @GetMapping("/console/executions/{id}/progress")
    String progress(@PathVariable long id, @RequestParam(required = false) Long at,
            @RequestParam(required = false) Long items, @RequestParam(required = false) Long position, Model model,
            jakarta.servlet.http.HttpServletResponse response) {
        Progress.Sample previous = at == null || items == null || position == null ? null
                : new Progress.Sample(at, items, position);
        Progress progress = executions.progress(id, previous);
        if (previous != null && !progress.summary().status().isRunning()) {
            // It ended while the page watched: reload it whole, for the final counts, messages and actions.
            response.setHeader("HX-Refresh", "true");
        }
        model.addAttribute("progress", progress);
        return "console/execution :: progress";
    }

    /** Launches, then opens the new execution (its live progress); a refusal goes back to the jobs overview. */
    @PostMapping("/console/executions")
    String launch(@RequestParam String job, @RequestParam String tenant,
            @RequestParam(required = false) String parameters, RedirectAttributes attributes) {
        ExecutionConsole.Started[] started = new ExecutionConsole.Started[1];
        String back = PageActions.run("/console/jobs", attributes, () -> {
            started[0] = executions.launch(job, tenant, LaunchParameters.parse(parameters));
            return job + " for tenant " + tenant + ": execution " + started[0].execution().id()
                    + (started[0].ended() ? " ended " : " is ") + started[0].execution().status();
        });
        return started[0] == null ? back : "redirect:/console/executions/" + started[0].execution().id();
    }

    @PostMapping("/console/executions/{id}/{action:stop|abandon|recover}")
    String act(@PathVariable long id, @PathVariable String action, RedirectAttributes attributes) {
        return PageActions.run("/console/executions/" + id, attributes, () -> switch (action) {
            case "stop" -> "Stop asked: execution " + id + " is " + executions.stop(id).status();
            case "abandon" -> "Execution " + id + " is " + executions.abandon(id).status();
            default -> "Execution " + id + " recovered: it is " + executions.recover(id).status()
                    + " and can be restarted";
        });
    }

    /** Restarts, then opens the new execution; a refusal stays on the failed one with the reason. */
    @PostMapping("/console/executions/{id}/restart")
    String restart(@PathVariable long id, RedirectAttributes attributes) {
        ExecutionConsole.Started[] started = new ExecutionConsole.Started[1];
        String back = PageActions.run("/console/executions/" + id, attributes, () -> {
            started[0] = executions.restart(id);
            return "Execution " + id + " restarted as execution " + started[0].execution().id();
        });
        return started[0] == null ? back : "redirect:/console/executions/" + started[0].execution().id();
    }
}
