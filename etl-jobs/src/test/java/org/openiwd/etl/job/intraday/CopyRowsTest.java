package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.sql.testing.TestDatabase;

/**
 * {@link CopyRows} on the real PostgreSQL: what it writes, the server reads back as the values written (the binary
 * format has no escaping and no text parsing to get wrong, but a width or an epoch can be wrong).
 */
class CopyRowsTest {

    static TestDatabase db;

    @BeforeAll
    static void database() {
        db = TestDatabase.create("copy_rows");
    }

    @AfterAll
    static void drop() {
        db.close();
    }

    @Test
    void everyTypeReadsBackAsWrittenAndNullsInAnyColumn() throws SQLException {
        Instant fraction = Instant.parse("1999-12-31T23:59:59.000123456Z");
        List<String> rows = copyAndRead("a smallint, b integer, c bigint, d text, e timestamptz, f boolean",
                write -> {
                    write.int2(-7).int4(Integer.MIN_VALUE).int8(Long.MAX_VALUE).text("a\tb\nc\\d").instant(fraction)
                            .bool(true).endRow();
                    write.nullValue().int4((Integer) null).nullValue().text(null).instant(null).bool(null).endRow();
                    write.int2(32_767).int4(42).int8(-1).text("").instant(Instant.parse("2026-03-02T09:00:05Z"))
                            .bool(false).endRow();
                });
        assertThat(rows).containsExactly(
                "-7|-2147483648|9223372036854775807|a\tb\nc\\d|1999-12-31 23:59:59.000123+00|t",
                "null|null|null|null|null|null",
                "32767|42|-1||2026-03-02 09:00:05+00|f");
    }

    @Test
    void instantsAreRoundedToMicrosecondsAsTheTextFormatRoundsThem() throws SQLException {
        List<Instant> instants = List.of(Instant.parse("2026-03-02T09:00:00.000000500Z"),
                Instant.parse("2026-03-02T09:00:00.000001500Z"), Instant.parse("2026-03-02T09:00:00.999999501Z"),
                Instant.parse("1960-01-01T00:00:00.000000700Z"));
        List<String> rows = copyAndRead("i integer, v timestamptz", write -> {
            for (int i = 0; i < instants.size(); i++) {
                write.int4(i).instant(instants.get(i)).endRow();
            }
        });
        assertThat(rows).hasSize(instants.size());
        try (Connection c = db.connect();
                var same = c.prepareStatement("SELECT ?::timestamptz::text, ?::timestamptz = ?::timestamptz")) {
            for (int i = 0; i < instants.size(); i++) {
                String binary = rows.get(i).substring(rows.get(i).indexOf('|') + 1);
                same.setString(1, instants.get(i).toString());
                same.setString(2, instants.get(i).toString());
                same.setString(3, binary);
                try (var r = same.executeQuery()) {
                    r.next();
                    assertThat(r.getBoolean(2)).as(instants.get(i) + " as text: " + r.getString(1) + ", binary: "
                            + binary).isTrue();
                }
            }
        }
    }

    @Test
    void textIsUtf8WithALoneSurrogateAsTheReplacementCharacter() throws SQLException {
        String s = "é€😀 ü\u07ff\u0800";
        assertThat(copyAndRead("a text, b text", write -> write.text(s).text("lone \ud800 surrogate").endRow()))
                .containsExactly(s + "|lone \ufffd surrogate");
    }

    @Test
    void rowsAndTextsLargerThanTheBufferArriveWhole() throws SQLException {
        String value = "é".repeat(100) + "x".repeat(333);
        String huge = "€".repeat(30_000);
        List<String> rows = copyAndRead("a bigint, b text", write -> {
            for (int i = 0; i < 500; i++) {
                write.int8(i).text(value).endRow();
            }
            write.int8(500).text(huge).endRow();
        });
        assertThat(rows).hasSize(501);
        assertThat(rows.get(499)).isEqualTo("499|" + value);
        assertThat(rows.get(500)).isEqualTo("500|" + huge);
    }

    @Test
    void aRowWithTooFewOrTooManyValuesOrAnOutOfRangeSmallintIsRefusedBeforeItIsSent() throws Exception {
        CopyRows rows = new CopyRows(new ByteArrayOutputStream(), 64, 2);
        assertThatThrownBy(() -> rows.int4(1).endRow()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 columns got 1");
        CopyRows more = new CopyRows(new ByteArrayOutputStream(), 64, 1);
        assertThatThrownBy(() -> more.int4(1).int4(2)).isInstanceOf(IllegalStateException.class);
        CopyRows range = new CopyRows(new ByteArrayOutputStream(), 64, 1);
        assertThatThrownBy(() -> range.int2(40_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> copyAndRead("a integer, b integer", write -> write.int4(1).endRow()))
                .as("the COPY's own column count").isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("2 columns got 1");
    }

    @Test
    void aValueOfTheWrongWidthFailsTheCopyWithTheDatabasesOwnError() {
        assertThatThrownBy(() -> copyAndRead("v integer", write -> write.int8(1).endRow()))
                .isInstanceOf(SQLException.class).hasMessageContaining("binary data format");
    }

    /**
     * COPYs what {@code write} writes into a temp table of the columns {@code definition} and reads the rows back as
     * text in the order written, values joined by {@code |}.
     */
    private static List<String> copyAndRead(String definition, CopyRows.Rows write) throws SQLException {
        try (Connection c = db.connect(); var s = c.createStatement()) {
            s.execute("SET TIME ZONE 'UTC'");
            s.execute("CREATE TEMP TABLE t (" + definition + ")");
            CopyRows.copyIn(c, "COPY t FROM STDIN (FORMAT binary)", write);
            List<String> rows = new ArrayList<>();
            try (var r = s.executeQuery("SELECT * FROM t")) {
                int columns = r.getMetaData().getColumnCount();
                while (r.next()) {
                    StringBuilder row = new StringBuilder();
                    for (int i = 1; i <= columns; i++) {
                        row.append(i > 1 ? "|" : "").append(r.getString(i));
                    }
                    rows.add(row.toString());
                }
            }
            return rows;
        }
    }
}
