package org.openiwd.etl.console.schedules;

import java.text.ParseException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.TimeZone;

import org.openiwd.etl.console.audit.ConsoleAudit;
import org.openiwd.etl.schedule.TenantSchedules;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.quartz.CronExpression;
import org.quartz.CronTrigger;
import org.quartz.SchedulerException;
import org.springframework.stereotype.Service;

/**
 * What the console's schedule pages and API do, on {@link TenantSchedules}; every change is audited. Reading costs
 * one query per tenant plus one Quartz store read per trigger. Thread-safe.
 */
@Service
public class ScheduleConsole {

    /** How many future runs a preview lists. */
    public static final int PREVIEW_RUNS = 5;

    private final TenantSchedules schedules;
    private final TenantRegistry tenants;
    private final ConsoleAudit audit;

    ScheduleConsole(TenantSchedules schedules, TenantRegistry tenants, ConsoleAudit audit) {
        this.schedules = schedules;
        this.tenants = tenants;
        this.audit = audit;
    }

    /** Every served tenant's schedules, by tenant and job. */
    public List<ScheduleRow> rows() throws SchedulerException {
        List<ScheduleRow> rows = new ArrayList<>();
        for (DataMartTenant tenant : tenants.active()) {
            for (TenantSchedules.Schedule schedule : schedules.schedules(tenant.id())) {
                rows.add(row(tenant, schedule));
            }
        }
        return rows;
    }

    public ScheduleRow row(String tenantId, String job) throws SchedulerException {
        DataMartTenant tenant = tenant(tenantId);
        return schedules.schedules(tenantId).stream().filter(s -> s.job().equals(job)).findFirst()
                .map(s -> row(tenant, s))
                .orElseThrow(() -> new IllegalArgumentException("Tenant " + tenantId + " has no schedule for job '"
                        + job + "'"));
    }

    /**
     * The next {@link #PREVIEW_RUNS} runs of {@code cron} in the tenant's zone, after now; the expression is
     * checked as {@link TenantSchedules#validate} checks it ({@link IllegalArgumentException} with the reason).
     */
    public List<ZonedDateTime> preview(String tenantId, String cron) {
        ZoneId zone = tenant(tenantId).timeZone();
        TenantSchedules.validate(cron);
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        }
        catch (ParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        List<ZonedDateTime> runs = new ArrayList<>();
        Date next = new Date();
        for (int i = 0; i < PREVIEW_RUNS; i++) {
            next = expression.getNextValidTimeAfter(next);
            if (next == null) {
                break;
            }
            runs.add(next.toInstant().atZone(zone));
        }
        return runs;
    }

    public ScheduleRow changeCron(String tenantId, String job, String cron) throws Exception {
        return audit.audited("schedule.cron", tenantId, job, "cron '" + cron + "'", () -> {
            DataMartTenant tenant = tenant(tenantId);
            schedules.changeCron(tenant, job, cron.trim());
            return row(tenantId, job);
        }, ScheduleConsole::describe);
    }

    public ScheduleRow pause(String tenantId, String job) throws Exception {
        return audit.audited("schedule.pause", tenantId, job, null, () -> {
            schedules.setEnabled(tenant(tenantId), job, false);
            return row(tenantId, job);
        }, ScheduleConsole::describe);
    }

    public ScheduleRow resume(String tenantId, String job) throws Exception {
        return audit.audited("schedule.resume", tenantId, job, null, () -> {
            schedules.setEnabled(tenant(tenantId), job, true);
            return row(tenantId, job);
        }, ScheduleConsole::describe);
    }

    private ScheduleRow row(DataMartTenant tenant, TenantSchedules.Schedule schedule) {
        try {
            CronTrigger trigger = schedules.trigger(tenant.id(), schedule.job());
            return new ScheduleRow(tenant.id(), schedule.job(), schedule.cron(), tenant.timeZone().getId(),
                    schedule.enabled(), schedules.triggerState(tenant.id(), schedule.job()).name(),
                    trigger == null ? null : instant(trigger.getPreviousFireTime()),
                    trigger == null ? null : instant(trigger.getNextFireTime()));
        }
        catch (SchedulerException e) {
            return new ScheduleRow(tenant.id(), schedule.job(), schedule.cron(), tenant.timeZone().getId(),
                    schedule.enabled(), "ERROR", null, null);
        }
    }

    private DataMartTenant tenant(String tenantId) {
        return tenants.find(tenantId).orElseThrow(() -> new IllegalArgumentException("Tenant " + tenantId
                + " is not registered in the Data Mart"));
    }

    private static Instant instant(Date date) {
        return date == null ? null : date.toInstant();
    }

    private static String describe(ScheduleRow row) {
        return "now '" + row.cron() + "' " + (row.enabled() ? "active" : "paused") + ", next "
                + (row.nextFire() == null ? "none" : row.nextFire());
    }
}
