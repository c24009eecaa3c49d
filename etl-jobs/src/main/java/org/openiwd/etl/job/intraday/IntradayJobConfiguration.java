package org.openiwd.etl.job.intraday;

import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The intraday jobs: {@code loadIntraday}, {@code aggregateIntraday}, and the chain {@code intraday} (loadConfig,
 * loadAgents, loadIntraday, aggregateIntraday).
 */
@Configuration(proxyBeanMethods = false)
class IntradayJobConfiguration {

    @Bean
    Step loadIntradayStep(JobRepository repository, PlatformTransactionManager transactions,
            LoadIntradayTasklet tasklet) {
        return new StepBuilder(JobNames.LOAD_INTRADAY, repository).tasklet(tasklet, transactions)
                .allowStartIfComplete(true).build();
    }

    @Bean
    Step aggregateIntradayStep(JobRepository repository, PlatformTransactionManager transactions,
            AggregateIntradayTasklet tasklet) {
        return new StepBuilder(JobNames.AGGREGATE_INTRADAY, repository).tasklet(tasklet, transactions)
                .allowStartIfComplete(true).build();
    }

    @Bean
    Job loadIntradayJob(JobRepository repository, Step loadIntradayStep) {
        return new JobBuilder(JobNames.LOAD_INTRADAY, repository).start(loadIntradayStep).build();
    }

    @Bean
    Job aggregateIntradayJob(JobRepository repository, Step aggregateIntradayStep) {
        return new JobBuilder(JobNames.AGGREGATE_INTRADAY, repository)
                .start(aggregateIntradayStep).build();
    }

    /** The chain: configuration and agents first, so the facts of this run find their dimensions named. */
    @Bean
    Job intradayJob(JobRepository repository, Step loadConfigStep, Step loadAgentsStep, Step loadIntradayStep,
            Step aggregateIntradayStep) {
        return new JobBuilder(JobNames.INTRADAY, repository)
                .start(loadConfigStep).next(loadAgentsStep).next(loadIntradayStep).next(aggregateIntradayStep)
                .build();
    }
}
