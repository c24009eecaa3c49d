package org.openiwd.api.tenant;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /iwd/v3/provisioning/audit}: the audit of provisioning and key operations, refusals included, for the
 * cluster admin key only. Oldest first, by audit id, with keyset paging: pass a page's {@code next} as
 * {@code after}. Filters: one tenant (deleted tenants' rows are kept), and a time range {@code [from, to)}.
 */
@RestController
@RequestMapping("/iwd/v3/provisioning/audit")
@Tag(name = "Provisioning")
class AuditController {

    private static final Pattern TENANT_ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    private final AuditLog audit;

    AuditController(AuditLog audit) {
        this.audit = audit;
    }

    @GetMapping
    @Operation(operationId = "readAudit", summary = "Read the audit of provisioning and key operations, oldest first")
    AuditLog.Page read(Caller caller,
            @Parameter(description = "Only this tenant's rows") @RequestParam(required = false) String tenantId,
            @Parameter(description = "Rows at or after this time, ISO-8601 with an offset")
            @RequestParam(required = false) String from,
            @Parameter(description = "Rows before this time, ISO-8601 with an offset")
            @RequestParam(required = false) String to,
            @Parameter(description = "The `next` of the previous page") @RequestParam(defaultValue = "0") long after,
            @Parameter(description = "Rows per page, 1 to 1000") @RequestParam(defaultValue = "100") int limit) {
        caller.require(Role.ADMIN);
        if (limit < 1 || limit > 1000) {
            throw ApiProblem.badRequest("invalid-limit", "limit must be between 1 and 1000.");
        }
        if (after < 0) {
            throw ApiProblem.badRequest("invalid-cursor", "after must be the next of a previous page, 0 or more.");
        }
        if (tenantId != null && !TENANT_ID.matcher(tenantId).matches()) {
            throw ApiProblem.badRequest("invalid-tenant-id", "tenantId must match [A-Za-z0-9_-]{1,32}.");
        }
        return audit.read(tenantId, time("from", from), time("to", to), after, limit);
    }

    private static Instant time(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant();
        }
        catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("invalid-time", name + " must be an ISO-8601 time with an offset, like "
                    + "2026-01-31T09:00:00Z (a '+' in an offset is %2B in a URL).");
        }
    }
}
