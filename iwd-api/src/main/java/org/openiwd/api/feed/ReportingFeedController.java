package org.openiwd.api.feed;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.openiwd.api.ApiProperties;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /iwd/v3/reporting}: the task and configuration event feeds with keyset paging ({@code after} the last
 * position read, up to {@code limit}), and their heads. Readable by the datamart role, and by the tenant and
 * import roles for their own tenant.
 */
@RestController
@RequestMapping("/iwd/v3/reporting")
@Tag(name = "Reporting feeds", description = "Every task and configuration change as an event, in commit order: "
        + "read a page after the last position you read, until `next` stops moving")
class ReportingFeedController {

    private static final String AFTER = "The `next` of the previous page; 0 for the start";
    private static final String LIMIT =
            "Events per page: 1000 when absent, at most the service's maximum (10000 unless configured)";

    private static final int RESPONSE_BUFFER = 64 * 1024;

    private final TaskEventFeedWriter taskEvents;
    private final ConfigEventFeedWriter configEvents;
    private final FeedHead heads;
    private final ApiProperties.Feed settings;

    ReportingFeedController(TaskEventFeedWriter taskEvents, ConfigEventFeedWriter configEvents, FeedHead heads,
            ApiProperties properties) {
        this.taskEvents = taskEvents;
        this.configEvents = configEvents;
        this.heads = heads;
        this.settings = properties.feed();
    }

    @GetMapping("/events")
    @Operation(operationId = "getTaskEvents", summary = "A page of the task event feed")
    @ApiResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = TaskEventPage.class)))
    void events(Caller caller, @Parameter(description = AFTER) @RequestParam(defaultValue = "0") long after,
            @Parameter(description = LIMIT) @RequestParam(required = false) Integer limit,
            HttpServletResponse response) throws IOException {
        String tenant = reader(caller);
        int pageSize = pageSize(after, limit);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        // A page is megabytes: sent in 64 KB pieces, not the container's 8 KB, it costs both ends fewer writes.
        response.setBufferSize(RESPONSE_BUFFER);
        taskEvents.write(tenant, after, pageSize, response.getOutputStream());
    }

    @GetMapping("/events/head")
    @Operation(operationId = "getTaskEventsHead", summary = "The newest position of the task event feed and its "
            + "time, to measure a reader's lag")
    FeedHead.Head eventsHead(Caller caller) {
        return heads.of(Feed.TASK, reader(caller));
    }

    @GetMapping("/config-events")
    @Operation(operationId = "getConfigEvents", summary = "A page of the configuration event feed")
    @ApiResponse(responseCode = "200", description = "OK",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @Schema(implementation = ConfigEventPage.class)))
    void configEvents(Caller caller, @Parameter(description = AFTER) @RequestParam(defaultValue = "0") long after,
            @Parameter(description = LIMIT) @RequestParam(required = false) Integer limit,
            HttpServletResponse response) throws IOException {
        String tenant = reader(caller);
        int pageSize = pageSize(after, limit);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setBufferSize(RESPONSE_BUFFER);
        configEvents.write(tenant, after, pageSize, response.getOutputStream());
    }

    @GetMapping("/config-events/head")
    @Operation(operationId = "getConfigEventsHead", summary = "The newest position of the configuration event "
            + "feed and its time")
    FeedHead.Head configEventsHead(Caller caller) {
        return heads.of(Feed.CONFIG, reader(caller));
    }

    private int pageSize(long after, Integer limit) {
        if (after < 0) {
            throw ApiProblem.badRequest("invalid-cursor", "after must be 0 or a position returned by the feed.");
        }
        if (limit != null && (limit < 1 || limit > settings.maxPageSize())) {
            throw ApiProblem.badRequest("invalid-limit",
                    "limit must be between 1 and " + settings.maxPageSize() + ".");
        }
        return limit == null ? settings.defaultPageSize() : limit;
    }

    private static String reader(Caller caller) {
        return caller.require(Role.DATAMART, Role.TENANT, Role.IMPORT).tenant();
    }
}
