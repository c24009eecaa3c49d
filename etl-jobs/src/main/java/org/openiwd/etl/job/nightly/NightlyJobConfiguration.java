package org.openiwd.etl.job.nightly;

import java.util.List;

import org.openiwd.etl.EtlProperties;
import org.openiwd.etl.aggregate.DayAggregator;
import org.openiwd.etl.job.JobNames;
import org.openiwd.etl.job.TenantJobContext;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.builder.SimpleJobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The {@code nightly} job, in order: the day aggregates of the closed touched days; the move of final tasks of
 * closed, fully aggregated days to the {@code h_} facts, in batches; the purge of historical facts, then of
 * aggregate rows, older than the tenant's retention, and of the Data Mart's
 * own records older than the bookkeeping retention; the sizes of the tenant's tables. It runs under the tenant's
 * lock like every Data Mart writer ({@code EtlJobRunner}), so it never races {@code intraday}.
 */
@Configuration(proxyBeanMethods = false)
class NightlyJobConfiguration {

    @Bean
    Job nightlyJob(JobRepository repository, PlatformTransactionManager transactions, TenantJobContext context,
            EtlProperties properties, DayAggregator days, FinalTaskMover mover,
            HistoricalFactPurger facts, AggregatePurger aggregates, BookkeepingPurger bookkeeping,
            DatabaseStatistics statistics) {
        NightlySteps steps = new NightlySteps(repository, transactions, context);
        int batch = properties.nightly().batchSize();
        List<Step> sequence = List.of(
                steps.once(JobNames.AGGREGATE_DAYS, days::aggregateClosedDays),
                steps.batched(JobNames.MOVE_FINAL, batch, (tenant, auditKey) -> mover.moveBatch(tenant, batch)),
                steps.batched(JobNames.PURGE_FACTS, batch, (tenant, auditKey) -> facts.purgeBatch(tenant, batch)),
                steps.once(JobNames.PURGE_AGGREGATES, (tenant, auditKey) -> aggregates.purge(tenant)),
                steps.once(JobNames.PURGE_BOOKKEEPING, (tenant, auditKey) -> bookkeeping.purge(tenant)),
                steps.once(JobNames.DATABASE_STATISTICS, statistics::measure));
        SimpleJobBuilder job = new JobBuilder(JobNames.NIGHTLY, repository).start(sequence.get(0));
        sequence.subList(1, sequence.size()).forEach(job::next);
        return job.build();
    }
}
