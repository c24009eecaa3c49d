/**
 * The console's schedules: every tenant's Quartz trigger with its cron, time zone, state, previous and next fire
 * time; pause, resume and a new cron (validated, with a preview of the next runs), kept through
 * {@link org.openiwd.etl.schedule.TenantSchedules} so restarts and replicas keep them. Pages under
 * {@code /console/schedules}, JSON under {@code /console/api/schedules}.
 */
package org.openiwd.etl.console.schedules;
