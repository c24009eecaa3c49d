package org.openiwd.api.search;

import java.time.Clock;
import java.util.List;

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
class SearchController {

    static final String BACKEND_HEADER = "x-iwd-search-backend";

    private final SearchRouter router;
    private final TaskLoader tasks;
    private final Clock clock;

    SearchController(SearchRouter router, TaskLoader tasks, Clock clock) {
        this.router = router;
        this.tasks = tasks;
        this.clock = clock;
    }

    /** A page of tasks and the cursor of the next page, or null on the last page. */
    record Page(List<?> tasks, String next) {
    }

    @GetMapping("/tasks")
    ResponseEntity<Page> search(Caller caller, @RequestParam MultiValueMap<String, String> params) {
        String tenantId = caller.require(Role.TENANT, Role.IMPORT).tenant();
        TaskQuery query = TaskQueryParser.parse(params, clock.instant());
        SearchRouter.Answer answer = router.search(tenantId, query);
        SearchCursor next = answer.page().next();
        return ResponseEntity.ok().header(BACKEND_HEADER, answer.backend())
                .body(new Page(tasks.load(tenantId, answer.page().taskIds()), next == null ? null : next.encode()));
    }
}
