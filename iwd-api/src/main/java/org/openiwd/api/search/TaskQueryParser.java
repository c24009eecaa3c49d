package org.openiwd.api.search;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.openiwd.api.lifecycle.TaskStatus;
import org.openiwd.api.web.ApiProblem;
import org.springframework.util.MultiValueMap;

/**
 * Turns the query parameters of {@code GET /tasks} into a {@link TaskQuery}, or a 400 problem naming the parameter
 * ({@code unknown-parameter}, {@code invalid-parameter}, {@code invalid-cursor}). Unknown parameters are refused,
 * so that a misspelt filter never silently widens a search.
 */
final class TaskQueryParser {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;
    private static final int MAX_VALUES = 100;
    private static final int MAX_WORDS = 32;
    private static final int MAX_QUERY = 1000;
    private static final String ATTRIBUTE = "attr.";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");
    private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_]{1,64}");
    /** Words are runs of letters and digits; everything else separates them, in both backends. */
    private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");
    private static final Set<String> SINGLE = Set.of("q", "priorityMin", "priorityMax", "dueAfter", "dueBefore",
            "createdAfter", "createdBefore", "overdue", "sort", "order", "limit", "cursor");

    private TaskQueryParser() {
    }

    static TaskQuery parse(MultiValueMap<String, String> params, Instant now) {
        Map<TaskField, List<String>> fields = new EnumMap<>(TaskField.class);
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        params.forEach((name, values) -> {
            TaskField field = TaskField.fromWire(name);
            if (field != null) {
                fields.put(field, fieldValues(field, values));
            }
            else if (name.startsWith(ATTRIBUTE)) {
                attributes.put(attributeName(name), attributeValues(name, values));
            }
            else if (!SINGLE.contains(name)) {
                throw problem("unknown-parameter", name, "Unknown parameter " + name + ".");
            }
            else if (values.size() > 1) {
                throw invalid(name, "may be given once");
            }
        });
        SortKey sort = sort(params.getFirst("sort"));
        boolean descending = descending(params.getFirst("order"));
        SearchCursor after = cursor(params.getFirst("cursor"), sort, descending);
        Integer priorityMin = integer(params, "priorityMin");
        Integer priorityMax = integer(params, "priorityMax");
        return new TaskQuery(fields, priorityMin, priorityMax, time(params, "dueAfter"), time(params, "dueBefore"),
                time(params, "createdAfter"), time(params, "createdBefore"), bool(params, "overdue"),
                now.truncatedTo(ChronoUnit.MILLIS), attributes, words(params.getFirst("q")), sort, descending, after,
                limit(params.getFirst("limit")));
    }

    private static List<String> fieldValues(TaskField field, List<String> raw) {
        List<String> values = new ArrayList<>();
        for (String value : raw) {
            for (String one : value.split(",", -1)) {
                if (field == TaskField.STATUS) {
                    values.add(status(one));
                }
                else if (ID.matcher(one).matches()) {
                    values.add(one);
                }
                else {
                    throw invalid(field.wireName(), "holds '" + one + "', not an id of 1 to 64 letters, digits or "
                            + "_.:@-");
                }
            }
        }
        return capped(field.wireName(), values);
    }

    private static String status(String value) {
        try {
            return TaskStatus.valueOf(value).name();
        }
        catch (IllegalArgumentException e) {
            throw invalid("status", "holds '" + value + "', not one of " + List.of(TaskStatus.values()));
        }
    }

    private static String attributeName(String parameter) {
        String name = parameter.substring(ATTRIBUTE.length());
        if (!ATTRIBUTE_NAME.matcher(name).matches()) {
            throw invalid(parameter, "must name an attribute of 1 to 64 letters, digits or '_'");
        }
        return name;
    }

    private static List<String> attributeValues(String parameter, List<String> values) {
        for (String value : values) {
            if (value.length() > 1000) {
                throw invalid(parameter, "is longer than 1000 characters");
            }
        }
        return capped(parameter, List.copyOf(values));
    }

    private static List<String> capped(String parameter, List<String> values) {
        if (values.size() > MAX_VALUES) {
            throw invalid(parameter, "has more than " + MAX_VALUES + " values");
        }
        return values;
    }

    private static SortKey sort(String value) {
        if (value == null) {
            return SortKey.CREATED_AT;
        }
        SortKey sort = SortKey.fromWire(value);
        if (sort == null) {
            throw invalid("sort", "must be priority, dueAt or createdAt");
        }
        return sort;
    }

    private static boolean descending(String value) {
        if (value == null || value.equals("asc")) {
            return false;
        }
        if (value.equals("desc")) {
            return true;
        }
        throw invalid("order", "must be asc or desc");
    }

    private static SearchCursor cursor(String value, SortKey sort, boolean descending) {
        if (value == null) {
            return null;
        }
        SearchCursor cursor;
        try {
            cursor = SearchCursor.decode(value);
        }
        catch (IllegalArgumentException e) {
            throw problem("invalid-cursor", "cursor", "cursor is not a cursor this API gave.");
        }
        if (cursor.sort() != sort || cursor.descending() != descending) {
            throw problem("invalid-cursor", "cursor", "cursor belongs to sort=" + cursor.sort().wireName() + "&order="
                    + (cursor.descending() ? "desc" : "asc") + "; give the same sort and order to page on.");
        }
        return cursor;
    }

    private static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        Integer limit = parseInt(value);
        if (limit == null || limit < 1 || limit > MAX_LIMIT) {
            throw invalid("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return limit;
    }

    private static Integer integer(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null) {
            return null;
        }
        Integer n = parseInt(value);
        if (n == null) {
            throw invalid(name, "must be a whole number");
        }
        return n;
    }

    private static Integer parseInt(String value) {
        try {
            return Integer.valueOf(value.trim());
        }
        catch (NumberFormatException e) {
            return null;
        }
    }

    private static Instant time(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value.trim()).toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        catch (DateTimeParseException e) {
            throw invalid(name, "must be an ISO-8601 time with an offset, like 2025-01-31T09:00:00Z (a '+' in an "
                    + "offset is %2B in a URL)");
        }
    }

    private static Boolean bool(MultiValueMap<String, String> params, String name) {
        String value = params.getFirst(name);
        if (value == null) {
            return null;
        }
        return switch (value) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw invalid(name, "must be true or false");
        };
    }

    private static List<String> words(String q) {
        if (q == null) {
            return List.of();
        }
        if (q.length() > MAX_QUERY) {
            throw invalid("q", "is longer than " + MAX_QUERY + " characters");
        }
        List<String> words = new ArrayList<>();
        for (String word : NON_WORD.split(q.toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty() && !words.contains(word)) {
                words.add(word);
            }
        }
        if (words.isEmpty()) {
            throw invalid("q", "has no word (letters or digits)");
        }
        if (words.size() > MAX_WORDS) {
            throw invalid("q", "has more than " + MAX_WORDS + " words");
        }
        return words;
    }

    private static ApiProblem invalid(String parameter, String detail) {
        return problem("invalid-parameter", parameter, parameter + " " + detail + ".");
    }

    private static ApiProblem problem(String code, String parameter, String detail) {
        ApiProblem problem = ApiProblem.badRequest(code, detail);
        problem.getBody().setProperty("parameter", parameter);
        return problem;
    }
}
