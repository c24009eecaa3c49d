package org.openiwd.etl.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.tenant.DataMartTenant;

/** The CSV form of a report: RFC 4180 quoting, plain numbers, empty undefined values, no formulas, no cut files. */
class ReportCsvTest {

    private static final DataMartTenant TENANT = DataMartTenant.of("acme-1", "Acme", "Europe/Paris");
    private static final List<ReportColumn> COLUMNS = List.of(
            new ReportColumn("period", "Day", ReportColumn.Type.TEXT, false),
            new ReportColumn("queue", "Queue", ReportColumn.Type.TEXT, false),
            new ReportColumn("entered", "Entered", ReportColumn.Type.INTEGER, false),
            new ReportColumn("rate", "Rate", ReportColumn.Type.DECIMAL, false));

    @Test
    void fieldsWithCommasQuotesLineBreaksOrEdgeSpacesAreQuotedWithQuotesDoubled() throws Exception {
        assertThat(csv(
                row("a,b", 1L, new BigDecimal("86.40")),
                row("say \"hi\"", 2L, null),
                row("two\r\nlines", 3L, new BigDecimal("0.00")),
                row(" padded", 4L, new BigDecimal("1E+3")),
                row("Müller ✓", 5L, BigDecimal.ONE)))
                .isEqualTo("period,queue,entered,rate\r\n"
                        + "2026-03-02,\"a,b\",1,86.40\r\n"
                        + "2026-03-02,\"say \"\"hi\"\"\",2,\r\n"
                        + "2026-03-02,\"two\r\nlines\",3,0.00\r\n"
                        + "2026-03-02,\" padded\",4,1000\r\n"
                        + "2026-03-02,Müller ✓,5,1\r\n");
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaGetsALeadingApostrophe() throws Exception {
        assertThat(csv(row("=HYPERLINK(\"x\")", 1L, null), row("+1", 2L, null), row("-x", 3L, null),
                row("@SUM(A1)", 4L, null)).split("\r\n")).containsExactly("period,queue,entered,rate",
                "2026-03-02,\"'=HYPERLINK(\"\"x\"\")\",1,", "2026-03-02,'+1,2,", "2026-03-02,'-x,3,",
                "2026-03-02,'@SUM(A1),4,");
    }

    @Test
    void aTruncatedResultIsNotExported() {
        ReportResult cut = result(true, row("q", 1L, null));
        assertThatThrownBy(() -> ReportCsv.write(cut, new StringWriter()))
                .isInstanceOf(InvalidReportException.class).hasMessageContaining("more than 1 rows");
    }

    @Test
    void theFileNameSaysReportTenantRangeAndGranularity() {
        assertThat(ReportCsv.fileName(result(false))).isEqualTo("queues_acme-1_2026-03-01_2026-03-31_quarter.csv");
    }

    private static String csv(List<Object>... rows) throws Exception {
        StringWriter out = new StringWriter();
        ReportCsv.write(result(false, rows), out);
        return out.toString();
    }

    @SafeVarargs
    private static ReportResult result(boolean truncated, List<Object>... rows) {
        ReportRequest request = new ReportRequest(TENANT.id(), LocalDate.parse("2026-03-01"),
                LocalDate.parse("2026-03-31"), Granularity.QUARTER);
        return new ReportResult(ReportCatalog.QUEUES, TENANT, request, "tenant_acme_1.iwd_agg_task_queue_fact_qrtr",
                COLUMNS, Arrays.asList(rows), truncated, 1);
    }

    private static List<Object> row(String queue, Long entered, BigDecimal rate) {
        return Arrays.asList("2026-03-02", queue, entered, rate);
    }
}
