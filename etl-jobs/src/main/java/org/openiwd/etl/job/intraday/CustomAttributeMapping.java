package org.openiwd.etl.job.intraday;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * Which task custom attribute fills each {@code custom_attribute1..10} column of the task fact and each of the five
 * values of {@code custom_dim}, and how a value becomes text: a number in plain decimal notation without trailing
 * zeros ({@code 12.50} and {@code 1.25e1} give {@code 12.5}), a boolean as {@code true}/{@code false}, a string that
 * is an ISO-8601 time with an offset as the UTC instant ({@code 2026-03-02T10:00:00+01:00} gives
 * {@code 2026-03-02T09:00:00Z}), an ISO date as it is, any other string as it is. An attribute the task lacks is
 * null in its column and the empty string in {@code custom_dim}.
 *
 * @param columns attribute names by column index 0..9; null where nothing is mapped
 * @param dimension attribute names of the dimension values 0..4; null where nothing is mapped
 */
record CustomAttributeMapping(String[] columns, String[] dimension) {

    static final int COLUMNS = 10;
    static final int DIMENSIONS = 5;

    static void checkName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("custom attribute name '" + name
                    + "' must be 1 to 64 letters, digits or '_'");
        }
    }

    /** The texts of the ten columns for a task with these attributes. */
    String[] columnValues(Map<String, Object> attributes) {
        String[] values = new String[columns.length];
        for (int i = 0; i < columns.length; i++) {
            values[i] = columns[i] == null ? null : render(attributes.get(columns[i]));
        }
        return values;
    }

    /** The five values of the task's {@code custom_dim} row. */
    String[] dimensionValues(Map<String, Object> attributes) {
        String[] values = new String[dimension.length];
        for (int i = 0; i < dimension.length; i++) {
            String value = dimension[i] == null ? null : render(attributes.get(dimension[i]));
            values[i] = value == null ? "" : value;
        }
        return values;
    }

    static String render(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal number) {
            return number.signum() == 0 ? "0" : number.stripTrailingZeros().toPlainString();
        }
        if (value instanceof String text) {
            return time(text);
        }
        return value.toString();
    }

    private static String time(String text) {
        if (text.length() < 10 || !Character.isDigit(text.charAt(0))) {
            return text;
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toString();
        }
        catch (DateTimeParseException notATime) {
            try {
                return LocalDate.parse(text).toString();
            }
            catch (DateTimeParseException notADate) {
                return text;
            }
        }
    }
}
