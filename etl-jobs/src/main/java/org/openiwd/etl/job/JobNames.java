package org.openiwd.etl.job;

/** The names of the Data Mart jobs, as operators, schedules and {@code --run-once} give them. */
public final class JobNames {

    public static final String INITIALIZE = "initialize";
    public static final String LOAD_CONFIG = "loadConfig";
    public static final String LOAD_AGENTS = "loadAgents";
    public static final String LOAD_INTRADAY = "loadIntraday";
    public static final String AGGREGATE_INTRADAY = "aggregateIntraday";
    public static final String INTRADAY = "intraday";
    public static final String NIGHTLY = "nightly";

    /** Steps of {@code nightly}, whose counts the run statistics report. */
    public static final String AGGREGATE_DAYS = "aggregateDays";
    public static final String MOVE_FINAL = "moveFinal";
    public static final String PURGE_FACTS = "purgeFacts";
    public static final String PURGE_AGGREGATES = "purgeAggregates";
    public static final String PURGE_BOOKKEEPING = "purgeBookkeeping";
    public static final String DATABASE_STATISTICS = "databaseStatistics";

    /** Job parameter naming the tenant a run is for. */
    public static final String TENANT_PARAMETER = "tenant";

    /** Key of the run's {@code etl_audit} row in the job execution context. */
    public static final String AUDIT_KEY = "etlAuditKey";

    private JobNames() {
    }
}
