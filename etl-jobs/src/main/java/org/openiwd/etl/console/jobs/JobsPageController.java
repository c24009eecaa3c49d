package org.openiwd.etl.console.jobs;

import org.openiwd.etl.operation.ExecutionFilter;
import org.openiwd.etl.operation.JobOperations;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The jobs overview page. */
@Controller
class JobsPageController {

    private final JobOperations operations;

    JobsPageController(JobOperations operations) {
        this.operations = operations;
    }

    @GetMapping("/console/jobs")
    String jobs(Model model) {
        model.addAttribute("recent", operations.list(ExecutionFilter.all(), 0, 20).items());
        return "console/jobs";
    }
}
