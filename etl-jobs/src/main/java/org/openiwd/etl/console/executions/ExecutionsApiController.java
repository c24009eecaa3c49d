package org.openiwd.etl.console.executions;

import java.time.LocalDate;
import java.util.Map;

import org.openiwd.etl.operation.ExecutionPage;
import org.openiwd.etl.operation.ExecutionQueries;
import org.openiwd.etl.operation.ExecutionSummary;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The executions as JSON: list, detail, progress, and the actions (launch, stop, restart, abandon, recover). */
@RestController
class ExecutionsApiController {

    private final ExecutionConsole executions;

    ExecutionsApiController(ExecutionConsole executions) {
        this.executions = executions;
    }

    /** A launch: the job, the tenant, extra string parameters. */
    record LaunchRequest(String job, String tenant, Map<String, String> parameters) {
    }

    @GetMapping("/console/api/executions")
    ExecutionPage list(@RequestParam(required = false) String job, @RequestParam(required = false) String tenant,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String param, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        if (size > ExecutionQueries.MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be at most " + ExecutionQueries.MAX_PAGE_SIZE);
        }
        return executions.list(new ExecutionFilterForm(job, tenant, status, from, to, param).toFilter(), page, size);
    }

    @GetMapping("/console/api/executions/{id}")
    ExecutionView detail(@PathVariable long id) {
        return executions.view(id);
    }

    @GetMapping("/console/api/executions/{id}/progress")
    Progress progress(@PathVariable long id, @RequestParam(required = false) Long at,
            @RequestParam(required = false) Long items, @RequestParam(required = false) Long position) {
        return executions.progress(id, at == null || items == null || position == null ? null
                : new Progress.Sample(at, items, position));
    }

    @PostMapping("/console/api/executions")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ExecutionConsole.Started launch(@RequestBody LaunchRequest request) throws Exception {
        if (request.job() == null || request.tenant() == null) {
            throw new IllegalArgumentException("job and tenant are required");
        }
        return executions.launch(request.job(), request.tenant(),
                LaunchParameters.check(request.parameters() == null ? Map.of() : request.parameters()));
    }

    @PostMapping("/console/api/executions/{id}/stop")
    ExecutionSummary stop(@PathVariable long id) throws Exception {
        return executions.stop(id);
    }

    @PostMapping("/console/api/executions/{id}/restart")
    @ResponseStatus(HttpStatus.ACCEPTED)
    ExecutionConsole.Started restart(@PathVariable long id) throws Exception {
        return executions.restart(id);
    }

    @PostMapping("/console/api/executions/{id}/abandon")
    ExecutionSummary abandon(@PathVariable long id) throws Exception {
        return executions.abandon(id);
    }

    @PostMapping("/console/api/executions/{id}/recover")
    ExecutionSummary recover(@PathVariable long id) throws Exception {
        return executions.recover(id);
    }
}
