package org.openiwd.api.search;

import java.time.Clock;
import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /iwd/v3/tasks}: the tenant's tasks that match the filters, a page at a time, with header
 * {@value #BACKEND_HEADER} naming the backend that answered. Tenant and import keys may search; the datamart role
 * may not (it reads the feeds, which carry no subject, description or customer).
 */
@RestController
@RequestMapping("/iwd/v3")
@Tag(name = "Tasks")
class SearchController {

    static final String BACKEND_HEADER = "x-iwd-search-backend";
    private static final String DESCRIPTION = """
            The tenant's tasks that match every filter given, a page at a time (docs/search.md). A filter that \
            takes a list (comma-separated, or the parameter repeated) matches any of its values. \
            `attr.<name>=<value>` filters on a custom attribute: its JSON text as stored equals the value \
            (`attr.vip=true`, `attr.size=5.5`); repeated, any of the values. Unknown parameters are refused. \
            Answered by Elasticsearch, or by PostgreSQL while the index is unavailable or behind, alike; header \
            `x-iwd-search-backend` names which. Tenant and import keys only.""";

    private final SearchRouter router;
    private final TaskLoader tasks;
    private final Clock clock;

    SearchController(SearchRouter router, TaskLoader tasks, Clock clock) {
        this.router = router;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** A page of tasks and the cursor of the next page, or null on the last page. */
    record TaskSearchPage(
            @ArraySchema(schema = @Schema(ref = "#/components/schemas/Task")) List<?> tasks,
            @Schema(description = "The cursor of the next page; null on the last page",
                    requiredMode = Schema.RequiredMode.REQUIRED, nullable = true) String next) {
    }

    @GetMapping("/tasks")
    @Operation(operationId = "searchTasks", summary = "Search tasks", description = DESCRIPTION)
    @ApiResponse(responseCode = "200", description = "A page of tasks", useReturnTypeSchema = true,
            headers = @Header(name = BACKEND_HEADER, description = "The backend that answered",
                    schema = @Schema(type = "string", allowableValues = {"elasticsearch", "postgres"})))
    @Parameter(in = ParameterIn.QUERY, name = "q", description = "Words that must all occur, whole and in any "
            + "case, in the subject, the description or a string attribute")
    @Parameter(in = ParameterIn.QUERY, name = "status", description = "Statuses, comma-separated",
            example = "Queued,Assigned")
    @Parameter(in = ParameterIn.QUERY, name = "queueId", description = "Queue ids, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "departmentId", description = "Department ids, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "processId", description = "Process ids, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "categoryId", description = "Category ids, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "capturePointId", description = "Capture point ids, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "agentId", description = "Agent ids, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "solutionId", description = "Solution ids, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "mediaType", description = "Media types, comma-separated")
    @Parameter(in = ParameterIn.QUERY, name = "priorityMin", description = "Lowest priority, inclusive",
            schema = @Schema(type = "integer"))
    @Parameter(in = ParameterIn.QUERY, name = "priorityMax", description = "Highest priority, inclusive",
            schema = @Schema(type = "integer"))
    @Parameter(in = ParameterIn.QUERY, name = "dueAfter", description = "Due at or after this time",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "dueBefore", description = "Due before this time",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "createdAfter", description = "Created at or after this time",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "createdBefore", description = "Created before this time",
            schema = @Schema(type = "string", format = "date-time"))
    @Parameter(in = ParameterIn.QUERY, name = "overdue", description = "true: due before now and not final; "
            + "false: every other task", schema = @Schema(type = "boolean"))
    @Parameter(in = ParameterIn.QUERY, name = "sort", description = "The sort key; ties are broken by task id",
            schema = @Schema(allowableValues = {"createdAt", "priority", "dueAt"}, defaultValue = "createdAt"))
    @Parameter(in = ParameterIn.QUERY, name = "order", description = "A missing priority or due time sorts "
            + "as larger than any value", schema = @Schema(allowableValues = {"asc", "desc"}, defaultValue = "asc"))
    @Parameter(in = ParameterIn.QUERY, name = "limit", description = "Tasks per page",
            schema = @Schema(type = "integer", minimum = "1", maximum = "200", defaultValue = "50"))
    @Parameter(in = ParameterIn.QUERY, name = "cursor", description = "The next of the previous page, with the "
            + "same sort and order")
    ResponseEntity<TaskSearchPage> search(Caller caller,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> params) {
        String tenantId = caller.require(Role.TENANT, Role.IMPORT).tenant();
        TaskQuery query = TaskQueryParser.parse(params, clock.instant());
        SearchRouter.Answer answer = router.search(tenantId, query);
        SearchCursor next = answer.page().next();
        return ResponseEntity.ok().header(BACKEND_HEADER, answer.backend()).body(new TaskSearchPage(
                tasks.load(tenantId, answer.page().taskIds()), next == null ? null : next.encode()));
    }
}
