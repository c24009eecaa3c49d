package org.openiwd.etl.report;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The reports for tools, as JSON: {@code GET /console/api/reports} lists them with their filters and granularities;
 * {@code GET /console/api/reports/{id}?tenant=...&from=...&to=...&granularity=...} gives the rows the page shows,
 * and {@code /console/reports/{id}.csv} (the page's export link; also under {@code /console/api}) the same as CSV.
 * Readable by every console role. Errors are problem+json: 400 for a request that does not fit, 404 for an
 * unknown report or tenant.
 */
@RestController
class ReportApiController {

    static final String PROBLEM = "urn:iwd:problem:";

    private final ReportService reports;

    ReportApiController(ReportService reports) {
        this.reports = reports;
    }

    /** A report as the listing shows it. */
    record ReportInfo(String id, String title, String summary, String area, List<String> filters,
            List<String> granularities) {
    }

    /** One run of a report. */
    record ReportJson(String report, String title, String tenant, String timeZone, String granularity, String from,
            String to, Map<String, String> filters, String view, List<ReportColumn> columns,
            List<Map<String, Object>> rows, boolean truncated, int maxRows, String message) {
    }

    @GetMapping("/console/api/reports")
    List<ReportInfo> list() {
        List<String> granularities = Arrays.stream(Granularity.values()).map(Granularity::id).toList();
        return ReportCatalog.all().stream().map(r -> new ReportInfo(r.id(), r.title(), r.summary(), r.area(),
                Arrays.stream(ReportFilter.values()).filter(r.filters()::contains).map(ReportFilter::parameter)
                        .toList(), granularities)).toList();
    }

    @GetMapping("/console/api/reports/{id}")
    ReportJson report(@PathVariable String id, @RequestParam Map<String, String> parameters) {
        ReportResult result = run(id, parameters);
        ReportDefinition report = result.report();
        ReportRequest request = result.request();
        Map<String, String> filters = new java.util.LinkedHashMap<>();
        request.filters().forEach((filter, value) -> filters.put(filter.parameter(), value));
        return new ReportJson(report.id(), report.title(), result.tenant().id(), result.tenant().timeZone().getId(),
                request.granularity().id(), request.from().toString(), request.to().toString(), filters,
                result.view(), result.columns(), result.rowMaps(), result.truncated(), result.maxRows(),
                result.message());
    }

    /**
     * The rows as a CSV file (see {@link ReportCsv}), named after the report, tenant, range and granularity; a result
     * longer than the bound is refused (400) rather than cut.
     */
    @GetMapping({"/console/reports/{id}.csv", "/console/api/reports/{id}.csv"})
    void csv(@PathVariable String id, @RequestParam Map<String, String> parameters, HttpServletResponse response)
            throws IOException {
        ReportResult result = run(id, parameters);
        ReportCsv.checkExportable(result);
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                .filename(ReportCsv.fileName(result), StandardCharsets.UTF_8).build().toString());
        ReportCsv.write(result, response.getWriter());
    }

    @ExceptionHandler
    ProblemDetail invalid(InvalidReportException e) {
        return problem(HttpStatus.BAD_REQUEST, "report-invalid", "The report cannot be run as asked", e);
    }

    @ExceptionHandler
    ProblemDetail unknown(UnknownReportException e) {
        return problem(HttpStatus.NOT_FOUND, "report-not-found", "No such report or tenant", e);
    }

    private ReportResult run(String id, Map<String, String> parameters) {
        ReportDefinition report = ReportCatalog.find(id)
                .orElseThrow(() -> new UnknownReportException("No report '" + id + "'"));
        String tenantId = parameters.get("tenant");
        if (tenantId == null || tenantId.isBlank()) {
            throw new InvalidReportException("A report needs a tenant (parameter 'tenant')");
        }
        return reports.run(report, ReportParameters.parse(reports.tenant(tenantId), parameters));
    }

    static ProblemDetail problem(HttpStatus status, String code, String title, RuntimeException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create(PROBLEM + code));
        problem.setTitle(title);
        return problem;
    }
}
