package org.openiwd.etl.console.repair;

import java.time.LocalDate;
import java.util.Map;

import org.openiwd.etl.job.intraday.QuarantineReplay;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** The repair tools as JSON: replay the quarantine, reprocess a range of days, rebuild the Data Mart. */
@RestController
class RepairApiController {

    private final RepairConsole repair;

    RepairApiController(RepairConsole repair) {
        this.repair = repair;
    }

    /** Local days of the tenant, both included. */
    record Range(LocalDate from, LocalDate to) {
    }

    /** The tenant id typed again. */
    record Confirmation(String confirmation) {
    }

    @PostMapping("/console/api/tenants/{tenant}/quarantine/replay")
    QuarantineReplay.Result replay(@PathVariable String tenant) throws Exception {
        return repair.replay(tenant);
    }

    @PostMapping("/console/api/tenants/{tenant}/reprocess")
    @ResponseStatus(HttpStatus.ACCEPTED)
    RepairConsole.Reprocess reprocess(@PathVariable String tenant, @RequestBody Range range) throws Exception {
        if (range.from() == null || range.to() == null) {
            throw new IllegalArgumentException("from and to (yyyy-mm-dd) are required");
        }
        return repair.reprocess(tenant, range.from(), range.to());
    }

    @PostMapping("/console/api/tenants/{tenant}/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, String> rebuild(@PathVariable String tenant, @RequestBody Confirmation confirmation)
            throws Exception {
        return Map.of("status", repair.rebuild(tenant, confirmation.confirmation()));
    }
}
