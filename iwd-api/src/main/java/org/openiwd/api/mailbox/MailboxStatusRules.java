package org.openiwd.api.mailbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.openiwd.api.web.ApiProblem;

/**
 * Checks a status report: each part that is given needs a {@code state} of {@code connected} or {@code error}; a
 * position needs both numbers, not negative. A {@code lastError} is cut to {@value #MAX_ERROR} characters rather
 * than refused: servers' messages can be long, and the report must not be lost for it.
 */
final class MailboxStatusRules {

    static final int MAX_ERROR = 2000;

    private MailboxStatusRules() {
    }

    static MailboxStatus checked(MailboxStatus report) {
        List<Map<String, String>> errors = new ArrayList<>();
        MailboxStatus.Connection inbound = connection("inbound", report.inbound(), errors);
        MailboxStatus.Connection outbound = connection("outbound", report.outbound(), errors);
        MailboxStatus.Position position = report.position();
        if (position != null && (position.uidValidity() == null || position.uidValidity() < 0
                || position.lastUid() == null || position.lastUid() < 0)) {
            errors.add(Map.of("field", "position", "message", "needs uidValidity and lastUid, 0 or more"));
        }
        if (!errors.isEmpty()) {
            ApiProblem problem = ApiProblem.badRequest("validation", "Some fields are invalid.");
            problem.getBody().setProperty("errors", errors);
            throw problem;
        }
        return new MailboxStatus(inbound, outbound, position, null);
    }

    private static MailboxStatus.Connection connection(String part, MailboxStatus.Connection c,
            List<Map<String, String>> errors) {
        if (c == null) {
            return null;
        }
        if (!"connected".equals(c.state()) && !"error".equals(c.state())) {
            errors.add(Map.of("field", part + ".state", "message", "must be connected or error"));
        }
        String error = c.lastError() == null || c.lastError().length() <= MAX_ERROR ? c.lastError()
                : c.lastError().substring(0, MAX_ERROR);
        return new MailboxStatus.Connection(c.state(), c.checkedAt(), c.lastPollAt(), error);
    }
}
