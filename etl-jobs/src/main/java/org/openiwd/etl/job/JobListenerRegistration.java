package org.openiwd.etl.job;

import java.util.List;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts every {@link JobExecutionListener} bean of the application (the audit, the heartbeat, the metrics) on
 * every job, present and future, so no job configuration has to remember one. Like Spring Batch's composite
 * listener, {@code beforeJob} runs in the beans' {@code @Order} and {@code afterJob} in reverse. The listeners are
 * looked up at each run, not when the jobs are made, so the post-processor pulls no bean in early.
 */
@Configuration(proxyBeanMethods = false)
class JobListenerRegistration {

    @Bean
    static BeanPostProcessor everyJobListener(ObjectProvider<JobExecutionListener> listeners) {
        JobExecutionListener all = new JobExecutionListener() {
            @Override
            public void beforeJob(JobExecution execution) {
                listeners.orderedStream().forEach(listener -> listener.beforeJob(execution));
            }

            @Override
            public void afterJob(JobExecution execution) {
                List<JobExecutionListener> ordered = listeners.orderedStream().toList();
                ordered.reversed().forEach(listener -> listener.afterJob(execution));
            }
        };
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof AbstractJob job) {
                    job.registerJobExecutionListener(all);
                }
                return bean;
            }
        };
    }
}
