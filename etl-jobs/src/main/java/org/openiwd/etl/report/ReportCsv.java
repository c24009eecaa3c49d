package org.openiwd.etl.report;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes a report's rows as CSV (RFC 4180): a header row of the column keys, then one line per row, every column
 * the page and the JSON have, CRLF line ends. Fields with a comma, a quote, a line break or surrounding spaces are
 * quoted, with quotes doubled. Numbers are plain ({@code 1234}, {@code 86.4}); an undefined value is an empty
 * field. A text field that a spreadsheet would take as a formula (it starts with {@code = + - @}, a tab or a
 * carriage return) gets a leading apostrophe. The caller encodes the characters as UTF-8.
 */
public final class ReportCsv {

    private static final Pattern NEEDS_QUOTES = Pattern.compile("[\",\r\n]|^\\s|\\s$");

    private ReportCsv() {
    }

    /** Refuses a truncated result, whose file would silently lack rows. */
    public static void checkExportable(ReportResult result) {
        if (result.truncated()) {
            throw new InvalidReportException("The report has more than " + result.maxRows() + " rows: narrow the"
                    + " date range, choose a longer granularity or add a filter before exporting it");
        }
    }

    /** Writes the whole result (see {@link #checkExportable}). */
    public static void write(ReportResult result, Writer out) throws IOException {
        checkExportable(result);
        List<ReportColumn> columns = result.columns();
        for (int i = 0; i < columns.size(); i++) {
            out.write(i == 0 ? "" : ",");
            out.write(field(columns.get(i).key()));
        }
        out.write("\r\n");
        for (List<Object> row : result.rows()) {
            for (int i = 0; i < columns.size(); i++) {
                out.write(i == 0 ? "" : ",");
                out.write(value(row.get(i)));
            }
            out.write("\r\n");
        }
        out.flush();
    }

    /** The file name of an export: report, tenant, range and granularity, in characters safe everywhere. */
    public static String fileName(ReportResult result) {
        ReportRequest request = result.request();
        return (result.report().id() + "_" + result.tenant().id() + "_" + request.from() + "_" + request.to() + "_"
                + request.granularity().id() + ".csv").replaceAll("[^A-Za-z0-9_.-]", "_");
    }

    private static String value(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof Number) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        return field(text);
    }

    private static String field(String text) {
        if (NEEDS_QUOTES.matcher(text).find()) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
