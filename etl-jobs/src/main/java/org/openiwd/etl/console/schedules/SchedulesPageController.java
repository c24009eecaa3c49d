package org.openiwd.etl.console.schedules;

import org.openiwd.etl.console.PageActions;
import org.quartz.SchedulerException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The schedules page, the cron preview fragment (htmx, as the person types) and the schedule forms. */
@Controller
class SchedulesPageController {

    private final ScheduleConsole schedules;

    SchedulesPageController(ScheduleConsole schedules) {
        this.schedules = schedules;
    }

    @GetMapping("/console/schedules")
    String list(Model model) throws SchedulerException {
        model.addAttribute("rows", schedules.rows());
        return "console/schedules";
    }

    @GetMapping("/console/schedules/preview")
    String preview(@RequestParam String tenant, @RequestParam String cron, Model model) {
        try {
            model.addAttribute("runs", schedules.preview(tenant, cron.trim()));
        }
        catch (IllegalArgumentException e) {
            model.addAttribute("invalid", e.getMessage());
        }
        return "console/schedules :: preview";
    }

    @PostMapping("/console/schedules/{tenant}/{job}/{action:pause|resume}")
    String pauseOrResume(@PathVariable String tenant, @PathVariable String job, @PathVariable String action,
            RedirectAttributes attributes) {
        return PageActions.run("/console/schedules", attributes, () -> {
            ScheduleRow row = action.equals("pause") ? schedules.pause(tenant, job) : schedules.resume(tenant, job);
            return job + " of tenant " + tenant + (row.enabled() ? " resumed" : " paused");
        });
    }

    @PostMapping("/console/schedules/{tenant}/{job}/cron")
    String cron(@PathVariable String tenant, @PathVariable String job, @RequestParam String cron,
            RedirectAttributes attributes) {
        return PageActions.run("/console/schedules", attributes, () -> {
            ScheduleRow row = schedules.changeCron(tenant, job, cron);
            return job + " of tenant " + tenant + " now runs '" + row.cron() + "'";
        });
    }
}
