package org.openiwd.api.email;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.openiwd.api.web.ApiProblem;

/**
 * Collects the field errors of an email request and reports them all at once as a 400 {@code validation} problem.
 * Header-like values (Message-IDs, addresses, names, subjects of outbound mail) may hold no line break, so nothing
 * can be injected into the headers the email service writes.
 */
final class EmailFields {

    static final int MAX_HEADER = 998;
    private static final Pattern LINE_BREAK = Pattern.compile("[\\r\\n\\u0000]");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s<>]{1,256}@[^@\\s<>]{1,255}");

    private final List<Map<String, String>> errors = new ArrayList<>();

    void error(String field, String message) {
        errors.add(Map.of("field", field, "message", message));
    }

    /** A header value: at most {@value #MAX_HEADER} characters (the longest line RFC 5322 allows), one line. */
    void header(String field, String value, boolean required) {
        if (value == null) {
            if (required) {
                error(field, "is required");
            }
            return;
        }
        if (value.isBlank() || value.length() > MAX_HEADER || LINE_BREAK.matcher(value).find()) {
            error(field, "must be 1 to " + MAX_HEADER + " characters on one line");
        }
    }

    void text(String field, String value, int max) {
        if (value != null && value.length() > max) {
            error(field, "must be at most " + max + " characters");
        }
    }

    void oneOf(String field, String value, List<String> allowed, boolean required) {
        if (value == null ? required : !allowed.contains(value)) {
            error(field, "must be one of " + String.join(", ", allowed));
        }
    }

    /** A list of addresses, each with a valid address and a one-line name. */
    void addresses(String field, List<EmailAddress> addresses, int max, boolean strict) {
        if (addresses == null) {
            return;
        }
        if (addresses.size() > max) {
            error(field, "must hold at most " + max + " addresses");
            return;
        }
        for (int i = 0; i < addresses.size(); i++) {
            address(field + "[" + i + "]", addresses.get(i), strict);
        }
    }

    /** An address: any one-line text when {@code strict} is off (inbound mail is what it is), else a mailbox. */
    void address(String field, EmailAddress address, boolean strict) {
        if (address == null) {
            error(field, "must be an address");
            return;
        }
        header(field + ".address", address.address(), strict);
        header(field + ".name", address.name(), false);
        if (strict && address.address() != null && !ADDRESS.matcher(address.address()).matches()) {
            error(field + ".address", "must be an address like ann@example.org");
        }
    }

    void throwIfAny() {
        if (!errors.isEmpty()) {
            ApiProblem problem = ApiProblem.badRequest("validation", "Some fields are invalid.");
            problem.getBody().setProperty("errors", errors);
            throw problem;
        }
    }
}
