package org.openiwd.etl.recovery;

import org.springframework.batch.core.job.AbstractJob;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts {@link JobHeartbeat} on every job of the application, so no job configuration has to remember it. The
 * heartbeat is looked up only when the first job is created, so this post-processor creates no bean early.
 */
@Configuration(proxyBeanMethods = false)
class HeartbeatRegistration {

    @Bean
    static BeanPostProcessor jobHeartbeatRegistration(ObjectProvider<JobHeartbeat> heartbeat) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof AbstractJob job) {
                    job.registerJobExecutionListener(heartbeat.getObject());
                }
                return bean;
            }
        };
    }
}
