package org.openiwd.api.task;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

import org.openiwd.api.web.ApiProblem;

/**
 * The rules for a task's custom attributes: at most 100, names of letters, digits and '_' (at most 64), values
 * that are strings (at most 1000 characters), numbers, booleans or dates. Nested objects and lists are refused, as
 * nothing downstream could report on them. A date is a string in the shape of an ISO-8601 date
 * ({@code 2026-03-02}) or date-time ({@code 2026-03-02T10:00:00+01:00}), which the Data Mart reads as one: such a
 * string must be a real date, and a date-time must have an offset, else the Data Mart would keep it as mere text.
 */
final class TaskAttributes {

    static final int MAX_COUNT = 100;
    static final int MAX_STRING = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** Strings of this shape are dates: the year, month and day of ISO-8601, alone or before a time. */
    private static final Pattern DATE_SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}(T.*)?", Pattern.DOTALL);

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
            if (value instanceof String s && DATE_SHAPE.matcher(s).matches() && !isDate(s)) {
                throw invalid("attribute '" + name + "' looks like a date but is not an ISO-8601 date"
                        + " (2026-03-02) or date-time with an offset (2026-03-02T10:00:00+01:00)");
            }
        });
    }

    private static boolean isDate(String text) {
        try {
            if (text.length() == 10) {
                LocalDate.parse(text);
            }
            else {
                OffsetDateTime.parse(text);
            }
            return true;
        }
        catch (DateTimeParseException e) {
            return false;
        }
    }

    private static ApiProblem invalid(String detail) {
        return ApiProblem.badRequest("invalid-attributes", detail + ".");
    }
}
