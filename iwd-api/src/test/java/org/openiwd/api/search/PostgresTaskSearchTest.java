package org.openiwd.api.search;

/** The search contract on the postgres backend (the demo's and small installs'). */
class PostgresTaskSearchTest extends TaskSearchContractTest {

    @Override
    String backend() {
        return "postgres";
    }

    @Override
    void awaitSearchable() {
        // PostgreSQL answers from the tables the writes committed to.
    }
}
