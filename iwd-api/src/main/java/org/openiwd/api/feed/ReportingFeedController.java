package org.openiwd.api.feed;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

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
class ReportingFeedController {

    private final TaskEventFeedWriter taskEvents;
    private final ConfigEventFeed configEvents;
    private final FeedHead heads;
    private final ApiProperties.Feed settings;

    ReportingFeedController(TaskEventFeedWriter taskEvents, ConfigEventFeed configEvents, FeedHead heads,
            ApiProperties properties) {
        this.taskEvents = taskEvents;
        this.configEvents = configEvents;
        this.heads = heads;
        this.settings = properties.feed();
    }

    @GetMapping("/events")
    void events(Caller caller, @RequestParam(defaultValue = "0") long after,
            @RequestParam(required = false) Integer limit, HttpServletResponse response) throws IOException {
        String tenant = reader(caller);
        int pageSize = pageSize(after, limit);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        taskEvents.write(tenant, after, pageSize, response.getOutputStream());
    }

    @GetMapping("/events/head")
    FeedHead.Head eventsHead(Caller caller) {
        return heads.of(Feed.TASK, reader(caller));
    }

    @GetMapping("/config-events")
    Map<String, Object> configEvents(Caller caller, @RequestParam(defaultValue = "0") long after,
            @RequestParam(required = false) Integer limit) {
        String tenant = reader(caller);
        return configEvents.page(tenant, after, pageSize(after, limit));
    }

    @GetMapping("/config-events/head")
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
