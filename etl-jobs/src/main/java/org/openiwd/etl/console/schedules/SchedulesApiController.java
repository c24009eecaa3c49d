package org.openiwd.etl.console.schedules;

import java.time.ZonedDateTime;
import java.util.List;

import org.quartz.SchedulerException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The schedules as JSON: list, one, preview of a cron, pause, resume, a new cron. */
@RestController
class SchedulesApiController {

    private final ScheduleConsole schedules;

    SchedulesApiController(ScheduleConsole schedules) {
        this.schedules = schedules;
    }

    /** A new cron expression. */
    record CronChange(String cron) {
    }

    @GetMapping("/console/api/schedules")
    List<ScheduleRow> list() throws SchedulerException {
        return schedules.rows();
    }

    @GetMapping("/console/api/schedules/{tenant}/{job}")
    ScheduleRow one(@PathVariable String tenant, @PathVariable String job) throws SchedulerException {
        return schedules.row(tenant, job);
    }

    @GetMapping("/console/api/schedules/{tenant}/preview")
    List<ZonedDateTime> preview(@PathVariable String tenant, @RequestParam String cron) {
        return schedules.preview(tenant, cron.trim());
    }

    @PostMapping("/console/api/schedules/{tenant}/{job}/pause")
    ScheduleRow pause(@PathVariable String tenant, @PathVariable String job) throws Exception {
        return schedules.pause(tenant, job);
    }

    @PostMapping("/console/api/schedules/{tenant}/{job}/resume")
    ScheduleRow resume(@PathVariable String tenant, @PathVariable String job) throws Exception {
        return schedules.resume(tenant, job);
    }

    @PutMapping("/console/api/schedules/{tenant}/{job}/cron")
    ScheduleRow cron(@PathVariable String tenant, @PathVariable String job, @RequestBody CronChange change)
            throws Exception {
        if (change.cron() == null || change.cron().isBlank()) {
            throw new IllegalArgumentException("cron is required");
        }
        return schedules.changeCron(tenant, job, change.cron());
    }
}
