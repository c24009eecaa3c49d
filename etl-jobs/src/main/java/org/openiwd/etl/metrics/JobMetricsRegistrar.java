package org.openiwd.etl.metrics;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adds {@link JobMetricsListener} to every job bean, so that every job, present and future, is measured without
 * its configuration having to ask for it. The listener is looked up at the first run, not when the jobs are made,
 * so the post-processor pulls no beans in early.
 */
@Configuration(proxyBeanMethods = false)
class JobMetricsRegistrar {

    @Bean
    static BeanPostProcessor jobMetricsListenerRegistrar(ObjectProvider<JobMetricsListener> listener) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof AbstractJob job) {
                    job.registerJobExecutionListener(new JobExecutionListener() {
                        @Override
                        public void beforeJob(JobExecution execution) {
                            listener.getObject().beforeJob(execution);
                        }

                        @Override
                        public void afterJob(JobExecution execution) {
                            listener.getObject().afterJob(execution);
                        }
                    });
                }
                return bean;
            }
        };
    }
}
