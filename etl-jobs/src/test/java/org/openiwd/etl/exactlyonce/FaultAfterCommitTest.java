package org.openiwd.etl.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.EtlWithApiTest;
import org.openiwd.etl.job.JobNames;
import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * Exactly once, proof 3: the Data Mart connection fails right after a commit went through (the database has the
 * page, the job is told it failed); the restart must not load that page again.
 */
@TestPropertySource(properties = {"iwd.etl.load.page-size=50", "iwd.etl.load.pages-per-transaction=1"})
class FaultAfterCommitTest extends EtlWithApiTest {

    static final String TENANT = "aftercommit";
    static final String SCHEMA = "tenant_aftercommit";
    /** Page commits still to let through before the fault; negative: no fault armed. */
    static final AtomicInteger commitsBeforeFault = new AtomicInteger(-1);

    @TestConfiguration
    static class FaultInjection {

        /**
         * Wraps the Data Mart DataSource: a commit of a transaction that wrote a feed page (it upserted task facts;
         * its event facts go by COPY, through the driver's own connection) succeeds and then throws, once, when
         * armed.
         */
        @Bean
        static BeanPostProcessor faultAfterCommit() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof DataSource dataSource) || !name.equals("dataSource")) {
                        return bean;
                    }
                    return Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                            (proxy, method, args) -> {
                                Object result = method.invoke(dataSource, args);
                                return result instanceof Connection c ? faulty(c) : result;
                            });
                }
            };
        }

        private static Connection faulty(Connection connection) {
            boolean[] pageWritten = {false};
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                                && sql.contains("INSERT INTO i_task_fact")) {
                            pageWritten[0] = true;
                        }
                        if (method.getName().equals("unwrap") || method.getName().equals("isWrapperFor")) {
                            return method.invoke(connection, args);
                        }
                        Object result;
                        try {
                            result = method.invoke(connection, args);
                        }
                        catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("commit") && pageWritten[0]) {
                            pageWritten[0] = false;
                            if (commitsBeforeFault.get() >= 0 && commitsBeforeFault.getAndDecrement() == 0) {
                                throw new SQLException("connection lost after the commit went through", "08006");
                            }
                        }
                        return result;
                    });
        }
    }

    @Test
    void aFaultAfterACommitDoesNotLoadThePageTwice() throws Exception {
        RestClient api = api(provisionWithImportKey(TENANT, "UTC"));
        api.post().uri("/departments").body(Map.of("id", "d", "name", "D")).retrieve().toBodilessEntity();
        api.post().uri("/processes").body(Map.of("id", "p", "name", "P", "parentId", "d")).retrieve()
                .toBodilessEntity();
        RestartAfterPlannedFailureTest.replay(api, 60);
        tenants.sync();

        // Two pages commit normally; the third commits, and then its connection fails.
        commitsBeforeFault.set(2);
        JobExecution failed = jobs.run(JobNames.INTRADAY, TENANT);
        commitsBeforeFault.set(-1);
        assertThat(failed.getStatus()).isIn(BatchStatus.FAILED, BatchStatus.UNKNOWN);
        long loaded = jdbc.sql("SELECT count(*) FROM %s.i_task_event_fact".formatted(SCHEMA)).query(Long.class)
                .single();
        long watermark = jdbc.sql("SELECT last_event_id FROM %s.etl_watermark WHERE feed = 'task'"
                .formatted(SCHEMA)).query(Long.class).single();
        assertThat(loaded).as("three pages are in, the third despite the error").isEqualTo(150);
        assertThat(jdbc.sql("SELECT max(event_id) FROM %s.i_task_event_fact".formatted(SCHEMA)).query(Long.class)
                .single()).isEqualTo(watermark);

        JobExecution restarted = failed.getStatus() == BatchStatus.FAILED ? jobs.restart(failed)
                : jobs.run(JobNames.INTRADAY, TENANT);
        assertThat(restarted.getStatus()).isEqualTo(BatchStatus.COMPLETED);
        Map<String, List<String>> afterRestart = DataMartSnapshot.of(jdbc, SCHEMA);

        jdbc.sql("DROP SCHEMA %s CASCADE".formatted(SCHEMA)).update();
        jdbc.sql("DELETE FROM etl.tenant WHERE tenant_id = ?").param(TENANT).update();
        tenants.sync();
        assertThat(jobs.run(JobNames.INTRADAY, TENANT).getStatus()).isEqualTo(BatchStatus.COMPLETED);
        assertThat(afterRestart).isEqualTo(DataMartSnapshot.of(jdbc, SCHEMA));
    }
}
