package org.openiwd.etl.job.initialize;

import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code initialize} job. */
@Configuration(proxyBeanMethods = false)
class InitializeJobConfiguration {

    @Bean
    Job initializeJob(JobRepository repository, PlatformTransactionManager transactions, InitializeTasklet tasklet) {
        return new JobBuilder(JobNames.INITIALIZE, repository)
                .start(new StepBuilder(JobNames.INITIALIZE, repository).tasklet(tasklet, transactions)
                        .allowStartIfComplete(true).build())
                .build();
    }
}
