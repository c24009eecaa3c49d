package org.openiwd.etl;

import java.net.URI;
import java.time.Duration;
import java.time.Period;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the Data Mart ETL.
 *
 * @param api how the ETL reaches the IWD API
 * @param load the intraday load
 * @param lock the per-tenant job lock
 * @param scheduling the Quartz schedules and the tenant sync
 * @param infoMart the Genesys Info Mart the agent names come from
 * @param calendar the span of the calendar dimensions that {@code initialize} fills
 * @param nightly the {@code nightly} job: its default schedule, batches and retention
 */
@Validated
@ConfigurationProperties("iwd.etl")
public record EtlProperties(
        @Valid @NotNull @DefaultValue Api api,
        @Valid @NotNull @DefaultValue Load load,
        @Valid @NotNull @DefaultValue Lock lock,
        @Valid @NotNull @DefaultValue Scheduling scheduling,
        @Valid @NotNull @DefaultValue InfoMart infoMart,
        @Valid @NotNull @DefaultValue Calendar calendar,
        @Valid @NotNull @DefaultValue Nightly nightly,
        @Valid @NotNull @DefaultValue Aggregation aggregation) {

    /**
     * @param splitSnapshotsFromSettledGroups a backlog snapshot span of a day or more is computed in two halves at
     *     the same time when the open backlog has at least this many groups (queue, process, start interval) that
     *     started before the span: their banding over every interval of the span is then most of the work, and
     *     each half does half of it. A span whose tasks are mostly new (a fresh Data Mart) is not split: each half
     *     would read the span's tasks again.
     */
    public record Aggregation(@Min(1) @DefaultValue("5000") int splitSnapshotsFromSettledGroups) {
    }

    /**
     * @param url base URL of the IWD API, up to {@code /iwd/v3} (environment {@code IWD_API_URL})
     * @param datamartApiKey the cluster datamart key (environment {@code IWD_DATAMART_API_KEY}); it lists tenants
     *     and reads each tenant's feeds
     * @param connectTimeout TCP connect timeout
     * @param readTimeout longest wait for an answer's headers, and (within a quarter more) for more bytes anywhere
     *     in its body
     * @param maxAttempts attempts per request before the step fails (transport errors and 5xx are retried)
     * @param initialBackoff wait before the second attempt; doubles with each further attempt
     * @param gzip whether to ask the API for gzip-compressed pages: a tenth of the bytes on the network, but
     *     compressing and inflating cost CPU on both sides (docs/bench-etl.md); worth it on a slow network only
     */
    public record Api(
            @NotNull @DefaultValue("http://127.0.0.1:4024/iwd/v3") URI url,
            @DefaultValue("") String datamartApiKey,
            @NotNull @DefaultValue("5s") Duration connectTimeout,
            @NotNull @DefaultValue("120s") Duration readTimeout,
            @Min(1) @Max(20) @DefaultValue("5") int maxAttempts,
            @NotNull @DefaultValue("500ms") Duration initialBackoff,
            @DefaultValue("false") boolean gzip) {
    }

    /**
     * @param pageSize events requested per feed page (the API's maximum is 10000)
     * @param pagesPerTransaction consecutive full pages loaded in one Data Mart transaction: fewer transactions
     *     write a task's row fewer times, at the cost of holding that many pages (twice: one batch is written while
     *     the next is read)
     */
    public record Load(@Min(1) @Max(10_000) @DefaultValue("10000") int pageSize,
            @Min(1) @Max(20) @DefaultValue("5") int pagesPerTransaction) {
    }

    /**
     * @param lease how long a tenant's job lock lasts without renewal; the holder renews it every third of that,
     *     and a crashed holder frees the tenant after it
     */
    public record Lock(@NotNull @DefaultValue("60s") Duration lease) {
    }

    /**
     * @param enabled whether this process schedules anything (off in one-shot mode, the demo and most tests)
     * @param tenantSyncInterval how often the tenant list is read from the API, to register new tenants and stop
     *     serving deleted ones
     * @param intradayCron default schedule of the {@code intraday} chain for a new tenant, a Quartz cron expression
     *     in the tenant's time zone; runs must be at least 3 minutes apart
     */
    public record Scheduling(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("60s") Duration tenantSyncInterval,
            @NotNull @DefaultValue("0 */15 * * * ?") String intradayCron) {
    }

    /**
     * @param enabled whether agents are loaded from an Info Mart at all
     * @param url JDBC URL of the Info Mart's PostgreSQL (environment {@code GIM_DB_URL}); read only
     * @param username its user (environment {@code GIM_DB_USER})
     * @param password its password (environment {@code GIM_DB_PASSWORD})
     * @param agentMatch which {@code resource_} column holds the agent ids that tasks carry
     */
    public record InfoMart(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("jdbc:postgresql://127.0.0.1:5432/gim") String url,
            @NotNull @DefaultValue("iwd") String username,
            @NotNull @DefaultValue("iwd") String password,
            @NotNull @DefaultValue("EMPLOYEE_ID") AgentMatch agentMatch) {

        /** The {@code resource_} column matched to IWD agent ids. */
        public enum AgentMatch {
            EMPLOYEE_ID("employee_id"), USER_NAME("user_name");

            private final String column;

            AgentMatch(String column) {
                this.column = column;
            }

            public String column() {
                return column;
            }
        }
    }

    /**
     * @param daysBack days before today (in the tenant's zone) that {@code initialize} makes calendar rows for
     * @param daysAhead days after today that it makes them for; loads add the rows of any other day they meet
     */
    public record Calendar(
            @Min(0) @Max(36_600) @DefaultValue("400") int daysBack,
            @Min(0) @Max(36_600) @DefaultValue("400") int daysAhead) {
    }

    /**
     * @param cron default schedule of {@code nightly} for a new tenant, a Quartz cron expression in the tenant's
     *     time zone (per tenant in {@code etl.tenant_schedule})
     * @param batchSize tasks moved to the historical tables, or purged from them, per transaction
     * @param retention how long the Data Mart keeps what, unless the tenant's registry row says otherwise
     */
    public record Nightly(
            @NotNull @DefaultValue("0 30 1 * * ?") String cron,
            @Min(1) @Max(100_000) @DefaultValue("5000") int batchSize,
            @Valid @NotNull @DefaultValue Retention retention) {
    }

    /**
     * Defaults of the retention by tenant ({@code etl.tenant.retention_*} overrides each). Whole days, months or
     * years, at least a day: {@code 400d}, {@code 62d}, {@code 5y}. A row is kept while its local day is on or
     * after today minus the period, in the tenant's zone.
     *
     * @param facts granular historical facts ({@code h_task_fact}, {@code h_task_event_fact},
     *     {@code h_task_work_fact}), by the day their task finished
     * @param fifteenMinute rows of every {@code h_*_fact_15min} aggregate, by their interval's day
     * @param daily rows of every {@code h_*_fact_day} aggregate, by their day
     * @param bookkeeping the Data Mart's own records: {@code etl_audit}, {@code etl_stats_general},
     *     {@code database_stats} and {@code etl_quarantine} rows, by the day they were written (for every tenant)
     */
    public record Retention(
            @NotNull @DefaultValue("400d") Period facts,
            @NotNull @DefaultValue("62d") Period fifteenMinute,
            @NotNull @DefaultValue("5y") Period daily,
            @NotNull @DefaultValue("400d") Period bookkeeping) {

        public Retention {
            for (Period period : new Period[] {facts, fifteenMinute, daily, bookkeeping}) {
                if (period != null && (period.isNegative() || period.isZero())) {
                    throw new IllegalArgumentException("A retention must be at least a day, not " + period);
                }
            }
        }
    }
}
