package org.openiwd.etl.console.audit;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log page (ADMIN: {@code ConsoleSecurity}). */
@Controller
class AuditPageController {

    static final int PAGE_SIZE = 50;

    private final ConsoleAudit audit;

    AuditPageController(ConsoleAudit audit) {
        this.audit = audit;
    }

    @GetMapping("/console/audit")
    String list(@RequestParam(required = false) String user, @RequestParam(required = false) String action,
            @RequestParam(defaultValue = "0") int page, Model model) {
        int current = Math.max(0, page);
        var entries = audit.list(user, action, current, PAGE_SIZE + 1);
        model.addAttribute("entries", entries.size() > PAGE_SIZE ? entries.subList(0, PAGE_SIZE) : entries);
        model.addAttribute("hasNext", entries.size() > PAGE_SIZE);
        model.addAttribute("page", current);
        model.addAttribute("user", user);
        model.addAttribute("action", action);
        return "console/audit";
    }
}
