package org.openiwd.etl.job.initialize;

import java.time.LocalDate;

import org.openiwd.etl.EtlProperties;
import org.openiwd.etl.calendar.CalendarRows;
import org.openiwd.etl.job.TenantJobContext;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantSchema;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code initialize}: the tenant's time zone in the {@code timezone} dimension and the calendar dimensions
 * ({@code event_date}, {@code date_time}) for the configured span around today, in the tenant's zone. The static
 * dimensions (statuses, event types) come with the schema's migrations. Idempotent: run it daily to extend the
 * span; one transaction.
 */
@Component
class InitializeTasklet implements Tasklet {

    private final CalendarRows calendar;
    private final TenantJobContext context;
    private final JdbcClient jdbc;
    private final EtlProperties.Calendar span;

    InitializeTasklet(CalendarRows calendar, TenantJobContext context, JdbcClient jdbc, EtlProperties properties) {
        this.calendar = calendar;
        this.context = context;
        this.jdbc = jdbc;
        this.span = properties.calendar();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        DataMartTenant tenant = context.tenant(chunk);
        TenantSchema.enter(jdbc, tenant);
        jdbc.sql("""
                INSERT INTO timezone (timezone_key, name)
                SELECT coalesce(max(timezone_key), 0) + 1, ? FROM timezone
                WHERE NOT EXISTS (SELECT 1 FROM timezone WHERE name = ?)""")
                .params(tenant.timeZone().getId(), tenant.timeZone().getId()).update();
        LocalDate today = LocalDate.now(tenant.timeZone());
        int added = calendar.ensureRange(tenant.timeZone(),
                today.minusDays(span.daysBack()).atStartOfDay(tenant.timeZone()).toInstant(),
                today.plusDays(span.daysAhead() + 1L).atStartOfDay(tenant.timeZone()).toInstant());
        contribution.incrementWriteCount(added);
        return RepeatStatus.FINISHED;
    }
}
