package org.openiwd.api.task;

import java.util.Map;
import java.util.regex.Pattern;

import org.openiwd.api.web.ApiProblem;

/**
 * The rules for a task's custom attributes: at most 100, names of letters, digits and '_' (at most 64), values
 * that are strings (at most 1000 characters; ISO-8601 strings are dates to search and the Data Mart), numbers or
 * booleans. Nested objects and lists are refused, as nothing downstream could report on them.
 */
final class TaskAttributes {

    static final int MAX_COUNT = 100;
    static final int MAX_STRING = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");

    private TaskAttributes() {
    }

    /** Throws a 400 problem naming the first attribute that breaks a rule; {@code null} values allowed when merging. */
    static void validate(Map<String, Object> attributes, boolean nullRemoves) {
        if (attributes == null) {
            return;
        }
        if (attributes.size() > MAX_COUNT) {
            throw invalid("at most " + MAX_COUNT + " attributes");
        }
        attributes.forEach((name, value) -> {
            if (!NAME.matcher(name).matches()) {
                throw invalid("attribute name '" + name + "' must be 1 to 64 letters, digits or '_'");
            }
            boolean ok = value instanceof Number || value instanceof Boolean
                    || value instanceof String s && s.length() <= MAX_STRING || value == null && nullRemoves;
            if (!ok) {
                throw invalid("attribute '" + name + "' must be a string of at most " + MAX_STRING
                        + " characters, a number or a boolean");
            }
        });
    }

    private static ApiProblem invalid(String detail) {
        return ApiProblem.badRequest("invalid-attributes", detail + ".");
    }
}
