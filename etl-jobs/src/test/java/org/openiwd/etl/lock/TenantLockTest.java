package org.openiwd.etl.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.flywaydb.core.Flyway;
import org.openiwd.etl.EtlProperties;
import org.openiwd.sql.testing.TestDatabase;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The tenant lease on the real database: exclusive while renewed, free after release or expiry. */
class TenantLockTest {

    static TestDatabase db;
    static JdbcClient jdbc;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("tenant_lock");
        Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/etl").schemas("etl").load().migrate();
        jdbc = JdbcClient.create(db.dataSource());
        jdbc.sql("INSERT INTO etl.tenant (tenant_id, name, time_zone, schema_name) VALUES ('t', 'T', 'UTC',"
                + " 'tenant_t')").update();
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void oneHolderAtATimeAndFreeAfterRelease() {
        TenantLock lock = lock(Duration.ofSeconds(30));
        Optional<TenantLock.Held> first = lock.tryAcquire("t", "intraday");
        assertThat(first).isPresent();
        assertThat(lock.tryAcquire("t", "nightly")).isEmpty();
        assertThat(lock.holder("t")).hasValueSatisfying(h -> assertThat(h).endsWith("(intraday)"));
        first.get().close();
        assertThat(lock.holder("t")).isEmpty();
        try (TenantLock.Held second = lock.tryAcquire("t", "nightly").orElseThrow()) {
            assertThat(second.owner()).isNotEqualTo(first.get().owner());
        }
    }

    @Test
    void aRenewedLeaseOutlivesItsTermAndAnAbandonedOneIsTakenOver() throws InterruptedException {
        TenantLock lock = lock(Duration.ofMillis(600));
        try (TenantLock.Held held = lock.tryAcquire("t", "intraday").orElseThrow()) {
            Thread.sleep(1_500);
            assertThat(lock.tryAcquire("t", "nightly")).as("renewed while held").isEmpty();
        }
        TenantLock crashed = lock(Duration.ofMillis(600));
        crashed.tryAcquire("t", "intraday").orElseThrow();
        crashed.destroy();
        Thread.sleep(1_000);
        Optional<TenantLock.Held> takeover = lock.tryAcquire("t", "nightly");
        assertThat(takeover).as("a dead holder's lease runs out").isPresent();
        takeover.get().close();
    }

    private static TenantLock lock(Duration lease) {
        return new TenantLock(jdbc, new EtlProperties(new EtlProperties.Api(java.net.URI.create("http://x"), "",
                Duration.ofSeconds(1), Duration.ofSeconds(1), 1, Duration.ofMillis(1), false), new EtlProperties.Load(100, 1),
                new EtlProperties.Lock(lease), new EtlProperties.Scheduling(false, Duration.ofMinutes(1), "0 0 * * * ?"),
                new EtlProperties.InfoMart(false, "", "", "", EtlProperties.InfoMart.AgentMatch.EMPLOYEE_ID),
                new EtlProperties.Calendar(1, 1), new EtlProperties.Nightly("0 30 1 * * ?", 100,
                        new EtlProperties.Retention(java.time.Period.ofDays(400), java.time.Period.ofDays(62),
                                java.time.Period.ofYears(5), java.time.Period.ofDays(400))),
                new EtlProperties.Aggregation(5000)));
    }
}
