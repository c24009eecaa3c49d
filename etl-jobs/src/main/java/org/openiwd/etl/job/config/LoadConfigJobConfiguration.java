package org.openiwd.etl.job.config;

import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code loadConfig} job and its step, which the {@code intraday} chain also runs first. */
@Configuration(proxyBeanMethods = false)
class LoadConfigJobConfiguration {

    @Bean
    Step loadConfigStep(JobRepository repository, PlatformTransactionManager transactions,
            LoadConfigTasklet tasklet) {
        return new StepBuilder(JobNames.LOAD_CONFIG, repository).tasklet(tasklet, transactions)
                .allowStartIfComplete(true).build();
    }

    @Bean
    Job loadConfigJob(JobRepository repository, Step loadConfigStep) {
        return new JobBuilder(JobNames.LOAD_CONFIG, repository).start(loadConfigStep).build();
    }
}
