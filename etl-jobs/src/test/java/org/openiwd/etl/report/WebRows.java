package org.openiwd.etl.report;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a report back from what the web gives (the JSON, the CSV, the page's table) into the canonical rows of
 * {@link ViewRows}, with parsers of their own: nothing of the report code.
 */
final class WebRows {

    private static final List<String> BUCKET = List.of("period", "interval_start", "local_date");

    private WebRows() {
    }

    /** The JSON's rows; numbers in their shortest form (JSON does not keep a decimal's trailing zeros). */
    @SuppressWarnings("unchecked")
    static List<String> fromJson(String body) {
        Map<String, Object> json = JsonMapper.builder().build().readValue(body, Map.class);
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : (List<Map<String, Object>>) json.get("rows")) {
            List<String> parts = new ArrayList<>();
            parts.add(OffsetDateTime.parse((String) row.get("interval_start")).toInstant().toString());
            row.forEach((key, value) -> {
                if (!BUCKET.contains(key)) {
                    parts.add(normalize(String.valueOf(value)));
                }
            });
            rows.add(String.join(" | ", parts));
        }
        return rows;
    }

    /** Canonical rows with numbers in their shortest form, to compare with {@link #fromJson}. */
    static List<String> normalized(List<String> canonical) {
        return canonical.stream().map(row -> String.join(" | ",
                Arrays.stream(row.split(" \\| ", -1)).map(WebRows::normalize).toList())).toList();
    }

    /** The CSV's rows (RFC 4180, UTF-8), after checking its header names the bucket columns first. */
    static List<String> fromCsv(byte[] bytes) {
        List<List<String>> records = parseCsv(new String(bytes, StandardCharsets.UTF_8));
        if (!records.getFirst().subList(0, 3).equals(BUCKET)) {
            throw new AssertionError("CSV header " + records.getFirst());
        }
        return records.subList(1, records.size()).stream().map(record -> {
            List<String> parts = new ArrayList<>();
            parts.add(OffsetDateTime.parse(record.get(1)).toInstant().toString());
            record.subList(3, record.size()).forEach(v -> parts.add(v.isEmpty() ? "null" : v));
            return String.join(" | ", parts);
        }).toList();
    }

    /** The text of every cell of the page's report table body. */
    static List<List<String>> tableCells(String html) {
        List<List<String>> rows = new ArrayList<>();
        for (Element tr : Jsoup.parse(html).select("#report-table tbody tr")) {
            if (tr.select("td.empty").isEmpty()) {
                rows.add(tr.select("td").stream().map(Element::text).toList());
            }
        }
        return rows;
    }

    private static String normalize(String value) {
        if (value.matches("-?\\d+(\\.\\d+)?")) {
            BigDecimal number = new BigDecimal(value).stripTrailingZeros();
            return number.scale() < 0 ? number.setScale(0).toPlainString() : number.toPlainString();
        }
        return value;
    }

    private static List<List<String>> parseCsv(String text) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                }
                else if (c == '"') {
                    quoted = false;
                }
                else {
                    field.append(c);
                }
            }
            else if (c == '"') {
                quoted = true;
            }
            else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            }
            else if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                i++;
            }
            else {
                field.append(c);
            }
        }
        if (!record.isEmpty() || field.length() > 0) {
            throw new AssertionError("CSV does not end with CRLF");
        }
        return records;
    }
}
