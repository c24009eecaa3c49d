package org.openiwd.etl.job.agents;

import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** The {@code loadAgents} job and its step, which the {@code intraday} chain also runs. */
@Configuration(proxyBeanMethods = false)
class LoadAgentsJobConfiguration {

    @Bean
    Step loadAgentsStep(JobRepository repository, PlatformTransactionManager transactions,
            LoadAgentsTasklet tasklet) {
        return new StepBuilder(JobNames.LOAD_AGENTS, repository).tasklet(tasklet, transactions)
                .allowStartIfComplete(true).build();
    }

    @Bean
    Job loadAgentsJob(JobRepository repository, Step loadAgentsStep) {
        return new JobBuilder(JobNames.LOAD_AGENTS, repository).start(loadAgentsStep).build();
    }
}
