package org.openiwd.api.search;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.openiwd.api.lifecycle.TaskStatus;

/**
 * A parsed search, the same for both backends. Times are whole milliseconds (what Elasticsearch keeps), so both
 * backends compare them alike. Every filter given must hold (AND); within one filter any value may match (OR).
 *
 * @param fields equality filters on keyword fields, each with the values any of which matches
 * @param priorityMin lowest priority, inclusive; tasks without a priority never match a priority range
 * @param priorityMax highest priority, inclusive
 * @param dueAfter due at or after this time
 * @param dueBefore due before this time
 * @param createdAfter created at or after this time
 * @param createdBefore created before this time
 * @param overdue {@code true}: due before {@code now} and not final; {@code false}: every other task
 * @param now the time {@code overdue} is judged at
 * @param attributes equality on custom attributes, by name: the JSON text of the value ({@code 5}, {@code true},
 *     {@code red}) equals one of the values given
 * @param words full text: every word must occur in the subject, the description or a string attribute
 * @param sort the sort key
 * @param descending the direction, for the sort key and the task id that breaks ties
 * @param after where the page starts (exclusive), or null for the first page
 * @param limit tasks per page
 */
record TaskQuery(
        Map<TaskField, List<String>> fields,
        Integer priorityMin,
        Integer priorityMax,
        Instant dueAfter,
        Instant dueBefore,
        Instant createdAfter,
        Instant createdBefore,
        Boolean overdue,
        Instant now,
        Map<String, List<String>> attributes,
        List<String> words,
        SortKey sort,
        boolean descending,
        SearchCursor after,
        int limit) {

    /** The statuses that end a task: an overdue task is one that is not final. */
    static final List<String> FINAL_STATUSES = Arrays.stream(TaskStatus.values()).filter(TaskStatus::isFinal)
            .map(TaskStatus::name).toList();

    /** The position after {@code taskId}, whose sort value is {@code value}, in this query's order. */
    SearchCursor cursorAt(long value, long taskId) {
        return new SearchCursor(sort, descending, value, taskId);
    }
}
