package org.openiwd.etl.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;

import org.openiwd.etl.EtlProperties;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.tenant.DataMartTenant;
import org.quartz.CronExpression;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Keeps the Quartz triggers in line with {@code etl.tenant_schedule}: one cron trigger per tenant and job, in the
 * tenant's time zone, on the clustered JDBC job store so replicas share the firings. A misfire fires nothing
 * extra: the next run's watermark catches up. Reconciling is idempotent and safe on every replica: an unchanged
 * trigger is left alone (its next fire time is kept). A schedule that is not {@code enabled} keeps a paused
 * trigger. Operators change a cron or pause a schedule through {@link #changeCron} and {@link #setEnabled}.
 */
@Service
public class TenantSchedules {

    static final String GROUP = "tenants";
    /** Daily, a few minutes after local midnight: extends the calendar span by a day. */
    static final String INITIALIZE_CRON = "0 5 0 * * ?";
    static final Duration MIN_GAP = Duration.ofMinutes(3);
    private static final Logger log = LoggerFactory.getLogger(TenantSchedules.class);

    private final Scheduler scheduler;
    private final JdbcClient jdbc;
    private final EtlProperties.Scheduling settings;
    private final String nightlyCron;

    TenantSchedules(Scheduler scheduler, JdbcClient jdbc, EtlProperties properties) {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.settings = properties.scheduling();
        this.nightlyCron = properties.nightly().cron();
        validate(settings.intradayCron());
        validate(nightlyCron);
    }

    /** A tenant's schedule of one job. */
    public record Schedule(String tenantId, String job, String cron, boolean enabled) {
    }

    /**
     * Gives new tenants the default schedules ({@code intraday}, {@code initialize}, {@code nightly}), then makes
     * the triggers match the schedules of {@code tenants}.
     */
    public void reconcile(List<DataMartTenant> tenants) throws SchedulerException {
        List<DataMartTenant> added = new java.util.ArrayList<>();
        for (DataMartTenant tenant : tenants) {
            int inserted = jdbc.sql("""
                    INSERT INTO etl.tenant_schedule (tenant_id, job_name, cron) VALUES (?, ?, ?), (?, ?, ?)
                    ON CONFLICT (tenant_id, job_name) DO NOTHING""")
                    .params(tenant.id(), JobNames.INTRADAY, settings.intradayCron(),
                            tenant.id(), JobNames.INITIALIZE, INITIALIZE_CRON).update();
            if (inserted > 0) {
                added.add(tenant);
            }
            // Apart, so that tenants registered before nightly existed get it without a new calendar run.
            jdbc.sql("""
                    INSERT INTO etl.tenant_schedule (tenant_id, job_name, cron) VALUES (?, ?, ?)
                    ON CONFLICT (tenant_id, job_name) DO NOTHING""")
                    .params(tenant.id(), JobNames.NIGHTLY, nightlyCron).update();
        }
        Set<TriggerKey> wanted = new java.util.HashSet<>();
        for (DataMartTenant tenant : tenants) {
            wanted.addAll(applySchedules(tenant));
        }
        for (TriggerKey existing : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP))) {
            if (!wanted.contains(existing)) {
                scheduler.unscheduleJob(existing);
                log.info("Trigger {} removed", existing.getName());
            }
        }
        for (DataMartTenant tenant : added) {
            // A new tenant gets its calendar now, not at the next local midnight.
            scheduler.triggerJob(JobKey.jobKey(JobNames.INITIALIZE, GROUP),
                    new org.quartz.JobDataMap(java.util.Map.of(DataMartQuartzJob.TENANT, tenant.id())));
        }
    }

    /**
     * Makes the tenant's triggers match its schedules now, on this replica (the others follow at their next
     * reconcile, and share the triggers anyway): a paused schedule keeps its trigger, paused, so its cron and fire
     * times stay visible and resuming it needs no new trigger.
     */
    private Set<TriggerKey> applySchedules(DataMartTenant tenant) throws SchedulerException {
        Set<TriggerKey> wanted = new java.util.HashSet<>();
        for (Schedule schedule : schedules(tenant.id())) {
            TriggerKey key = ensureTrigger(tenant, schedule);
            boolean paused = scheduler.getTriggerState(key) == Trigger.TriggerState.PAUSED;
            if (!schedule.enabled() && !paused) {
                scheduler.pauseTrigger(key);
                log.info("Tenant {}: {} paused", tenant.id(), schedule.job());
            }
            else if (schedule.enabled() && paused) {
                scheduler.resumeTrigger(key);
                log.info("Tenant {}: {} resumed", tenant.id(), schedule.job());
            }
            wanted.add(key);
        }
        return wanted;
    }

    /**
     * Gives the tenant's job a new cron expression (refused by {@link #validate} when it does not parse or fires
     * runs less than three minutes apart), kept in {@code etl.tenant_schedule} so that restarts and every replica
     * keep it, and applied to the trigger at once.
     */
    public Schedule changeCron(DataMartTenant tenant, String job, String cron) throws SchedulerException {
        validate(cron);
        return update(tenant, job, "cron = ?", cron);
    }

    /**
     * Pauses ({@code enabled} false) or resumes the tenant's job schedule, kept in {@code etl.tenant_schedule} and
     * applied to the trigger at once; a resumed trigger fires at its next time, it does not replay missed ones.
     */
    public Schedule setEnabled(DataMartTenant tenant, String job, boolean enabled) throws SchedulerException {
        return update(tenant, job, "enabled = ?", enabled);
    }

    private Schedule update(DataMartTenant tenant, String job, String assignment, Object value)
            throws SchedulerException {
        int updated = jdbc.sql("UPDATE etl.tenant_schedule SET " + assignment + ", updated_at = now()"
                        + " WHERE tenant_id = ? AND job_name = ?")
                .params(value, tenant.id(), job).update();
        if (updated == 0) {
            throw new IllegalArgumentException("Tenant " + tenant.id() + " has no schedule for job '" + job + "'");
        }
        applySchedules(tenant);
        return schedules(tenant.id()).stream().filter(s -> s.job().equals(job)).findFirst().orElseThrow();
    }

    public List<Schedule> schedules(String tenantId) {
        return jdbc.sql("SELECT tenant_id, job_name, cron, enabled FROM etl.tenant_schedule WHERE tenant_id = ?"
                        + " ORDER BY job_name")
                .param(tenantId)
                .query((rs, n) -> new Schedule(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)))
                .list();
    }

    /** The state of the trigger of a tenant's job ({@code NONE} when it has none). */
    public Trigger.TriggerState triggerState(String tenantId, String job) throws SchedulerException {
        return scheduler.getTriggerState(triggerKey(tenantId, job));
    }

    /** The trigger of a tenant's job, for operators and tests. */
    public CronTrigger trigger(String tenantId, String job) throws SchedulerException {
        return (CronTrigger) scheduler.getTrigger(triggerKey(tenantId, job));
    }

    /**
     * Refuses a cron expression that does not parse or fires runs less than three minutes apart (over its next
     * 20 firings), so an intraday run always has time to finish before the next.
     */
    public static void validate(String cron) {
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        }
        catch (java.text.ParseException e) {
            throw new IllegalArgumentException("'" + cron + "' is not a Quartz cron expression: " + e.getMessage());
        }
        Date previous = expression.getNextValidTimeAfter(Date.from(Instant.now()));
        for (int i = 0; i < 20 && previous != null; i++) {
            Date next = expression.getNextValidTimeAfter(previous);
            if (next != null && Duration.between(previous.toInstant(), next.toInstant()).compareTo(MIN_GAP) < 0) {
                throw new IllegalArgumentException("'" + cron + "' fires runs less than " + MIN_GAP.toMinutes()
                        + " minutes apart");
            }
            previous = next;
        }
    }

    private TriggerKey ensureTrigger(DataMartTenant tenant, Schedule schedule) throws SchedulerException {
        JobKey jobKey = JobKey.jobKey(schedule.job(), GROUP);
        if (!scheduler.checkExists(jobKey)) {
            JobDetail detail = JobBuilder.newJob(DataMartQuartzJob.class).withIdentity(jobKey).storeDurably()
                    .usingJobData(DataMartQuartzJob.JOB, schedule.job()).build();
            scheduler.addJob(detail, true);
        }
        TriggerKey key = triggerKey(tenant.id(), schedule.job());
        TimeZone zone = TimeZone.getTimeZone(tenant.timeZone());
        Trigger existing = scheduler.getTrigger(key);
        if (existing instanceof CronTrigger cron && cron.getCronExpression().equals(schedule.cron())
                && cron.getTimeZone().getID().equals(zone.getID())) {
            return key;
        }
        CronTrigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(jobKey)
                .usingJobData(DataMartQuartzJob.TENANT, tenant.id())
                .withSchedule(CronScheduleBuilder.cronSchedule(schedule.cron()).inTimeZone(zone)
                        .withMisfireHandlingInstructionDoNothing())
                .build();
        if (existing == null) {
            scheduler.scheduleJob(trigger);
        }
        else {
            scheduler.rescheduleJob(key, trigger);
        }
        log.info("Tenant {}: {} scheduled '{}' ({})", tenant.id(), schedule.job(), schedule.cron(), zone.getID());
        return key;
    }

    private static TriggerKey triggerKey(String tenantId, String job) {
        return TriggerKey.triggerKey(job + "@" + tenantId, GROUP);
    }

    static Set<String> names(Set<TriggerKey> keys) {
        return keys.stream().map(TriggerKey::getName).collect(Collectors.toSet());
    }
}
