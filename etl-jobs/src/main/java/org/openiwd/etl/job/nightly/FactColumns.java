package org.openiwd.etl.job.nightly;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The column list of a fact's {@code i_} and {@code h_} tables, read from the catalog at each use, so a column
 * added later (custom attributes) moves with the rest without a change here. The two tables must have the same
 * columns: a migration that adds one to {@code i_} adds it to {@code h_}; otherwise the move refuses to run.
 */
final class FactColumns {

    private FactColumns() {
    }

    /** The quoted, comma-separated columns of {@code i_<fact>}, the same as those of {@code h_<fact>}. */
    static String of(JdbcClient jdbc, String schema, String fact) {
        List<String> intraday = columns(jdbc, schema, "i_" + fact);
        List<String> historical = columns(jdbc, schema, "h_" + fact);
        if (intraday.isEmpty() || !new HashSet<>(intraday).equals(new HashSet<>(historical))) {
            List<String> onlyIntraday = new ArrayList<>(intraday);
            onlyIntraday.removeAll(historical);
            List<String> onlyHistorical = new ArrayList<>(historical);
            onlyHistorical.removeAll(intraday);
            throw new IllegalStateException(schema + ".i_" + fact + " and h_" + fact + " must have the same columns;"
                    + " only in i_: " + onlyIntraday + ", only in h_: " + onlyHistorical);
        }
        return String.join(", ", intraday.stream().map(c -> '"' + c.replace("\"", "\"\"") + '"').toList());
    }

    private static List<String> columns(JdbcClient jdbc, String schema, String table) {
        return jdbc.sql("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position""")
                .params(schema, table).query(String.class).list();
    }
}
