package org.openiwd.etl.console.jobs;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /console/api/jobs}: the jobs overview as JSON. */
@RestController
class JobsApiController {

    private final JobsOverview overview;

    JobsApiController(JobsOverview overview) {
        this.overview = overview;
    }

    @GetMapping("/console/api/jobs")
    List<JobRow> jobs() {
        return overview.rows();
    }
}
