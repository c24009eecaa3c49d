package org.openiwd.etl.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.json.JsonMapper;

/**
 * The report pages of the console: {@code /console/reports} lists the reports, {@code /console/reports/{id}} shows
 * one for a tenant, range, granularity and filters (the query parameters of {@link ReportParameters}) as a chart
 * and a table, with a link to the same rows as CSV. Readable by every console role. A request that does not fit
 * shows the page with the reason and status 400.
 */
@Controller
class ReportPageController {

    private final ReportService reports;
    private final ReportFilterOptions filterOptions;
    private final TenantRegistry tenants;
    private final JsonMapper json;

    ReportPageController(ReportService reports, ReportFilterOptions filterOptions, TenantRegistry tenants,
            JsonMapper json) {
        this.reports = reports;
        this.filterOptions = filterOptions;
        this.tenants = tenants;
        this.json = json;
    }

    @GetMapping({"/console/reports", "/console/reports/"})
    String index(@RequestParam(required = false) String tenant, Model model) {
        model.addAttribute("reports", ReportCatalog.all());
        model.addAttribute("tenants", tenants.active());
        model.addAttribute("tenant", chosenTenant(tenant).map(DataMartTenant::id).orElse(null));
        return "console/reports/index";
    }

    @GetMapping("/console/reports/{id}")
    String report(@PathVariable String id, @RequestParam Map<String, String> parameters, Model model,
            HttpServletResponse response) {
        ReportDefinition report = ReportCatalog.find(id)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No report '" + id + "'"));
        model.addAttribute("reports", ReportCatalog.all());
        model.addAttribute("report", report);
        model.addAttribute("tenants", tenants.active());
        model.addAttribute("granularities", Granularity.values());
        model.addAttribute("filters", Arrays.stream(ReportFilter.values()).filter(report.filters()::contains)
                .toList());
        model.addAttribute("parameters", parameters);
        Optional<DataMartTenant> tenant = chosenTenant(parameters.get("tenant"));
        if (tenant.isEmpty()) {
            model.addAttribute("error", parameters.get("tenant") == null ? "The Data Mart serves no tenant yet."
                    : "The Data Mart serves no tenant " + parameters.get("tenant") + ".");
            response.setStatus(parameters.get("tenant") == null ? 200 : HttpStatus.NOT_FOUND.value());
            return "console/reports/report";
        }
        model.addAttribute("tenant", tenant.get());
        model.addAttribute("filterOptions", filterOptions.of(tenant.get(), report.filters()));
        try {
            ReportRequest request = ReportParameters.parse(tenant.get(), parameters);
            model.addAttribute("request", request);
            ReportResult result = reports.run(report, request);
            model.addAttribute("result", result);
            model.addAttribute("shown", shownColumns(result));
            model.addAttribute("chartJson", json.writeValueAsString(ReportChart.of(result)));
            model.addAttribute("csvUrl", link("/console/reports/" + id + ".csv", tenant.get(), request));
            model.addAttribute("jsonUrl", link("/console/api/reports/" + id, tenant.get(), request));
        }
        catch (InvalidReportException e) {
            model.addAttribute("error", e.getMessage());
            response.setStatus(HttpStatus.BAD_REQUEST.value());
        }
        return "console/reports/report";
    }

    /** The tenant asked for, else the first one served; empty when the asked one is not served. */
    private Optional<DataMartTenant> chosenTenant(String tenantId) {
        if (tenantId == null || tenantId.isBlank()) {
            return tenants.active().stream().findFirst();
        }
        return tenantId.matches("[A-Za-z0-9_-]{1,32}") ? tenants.find(tenantId) : Optional.empty();
    }

    private static List<Integer> shownColumns(ReportResult result) {
        List<Integer> shown = new ArrayList<>();
        for (int i = 0; i < result.columns().size(); i++) {
            if (!result.columns().get(i).detail()) {
                shown.add(i);
            }
        }
        return shown;
    }

    private static String link(String path, DataMartTenant tenant, ReportRequest request) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath(path)
                .queryParam("tenant", tenant.id())
                .queryParam("from", request.from())
                .queryParam("to", request.to())
                .queryParam("granularity", request.granularity().id());
        request.filters().forEach((filter, value) -> uri.queryParam(filter.parameter(), value));
        return uri.encode().build().toUriString();
    }
}
