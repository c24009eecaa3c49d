package org.openiwd.etl.console.audit;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /console/api/audit}: the audit log as JSON, newest first (ADMIN). */
@RestController
class AuditApiController {

    private final ConsoleAudit audit;

    AuditApiController(ConsoleAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/console/api/audit")
    List<AuditEntry> list(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "100") int size) {
        return audit.list(user, action, page, size);
    }
}
