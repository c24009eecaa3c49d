package org.openiwd.api.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks the {@code settings} of a configuration object: a business calendar's must be a well-formed calendar;
 * a mailbox's were checked by the mailbox feature; every other kind takes up to 100 flat settings with scalar
 * values. Throws {@link IllegalArgumentException} naming the first problem.
 */
final class ConfigSettingsValidator {

    private static final Set<String> CALENDAR_KEYS = Set.of("timeZone", "weeklyHours", "holidays");

    private ConfigSettingsValidator() {
    }

    static void validate(ConfigKind kind, Map<String, Object> settings) {
        if (kind == ConfigKind.MAILBOX) {
            return;
        }
        if (settings == null) {
            if (kind == ConfigKind.BUSINESS_CALENDAR) {
                throw new IllegalArgumentException("a business calendar needs settings with timeZone and weeklyHours");
            }
            return;
        }
        if (kind == ConfigKind.BUSINESS_CALENDAR) {
            calendar(settings);
            return;
        }
        settings.forEach((key, value) -> {
            if (key.length() > 64) {
                throw new IllegalArgumentException("setting names have at most 64 characters");
            }
            if (!(value == null || value instanceof Number || value instanceof Boolean
                    || value instanceof String s && s.length() <= 1000)) {
                throw new IllegalArgumentException("setting '" + key
                        + "' must be a string (at most 1000 characters), a number, a boolean or null");
            }
        });
    }

    private static void calendar(Map<String, Object> settings) {
        settings.keySet().stream().filter(k -> !CALENDAR_KEYS.contains(k)).findFirst().ifPresent(k -> {
            throw new IllegalArgumentException("unknown calendar setting '" + k + "'; known: " + CALENDAR_KEYS);
        });
        if (!(settings.get("timeZone") instanceof String zone)) {
            throw new IllegalArgumentException("calendar timeZone is required");
        }
        try {
            ZoneId.of(zone);
        }
        catch (DateTimeException e) {
            throw new IllegalArgumentException("calendar timeZone '" + zone + "' is not an IANA time zone id");
        }
        if (!(settings.get("weeklyHours") instanceof Map<?, ?> week)) {
            throw new IllegalArgumentException("calendar weeklyHours is required: {\"MONDAY\": [{\"from\": \"08:00\","
                    + " \"to\": \"18:00\"}], ...}");
        }
        week.forEach((day, ranges) -> {
            try {
                DayOfWeek.valueOf(String.valueOf(day));
            }
            catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("weeklyHours day '" + day + "' is not MONDAY..SUNDAY");
            }
            if (!(ranges instanceof List<?> list)) {
                throw new IllegalArgumentException("weeklyHours." + day + " must be a list of {from, to}");
            }
            LocalTime previousEnd = LocalTime.MIN;
            for (Object range : list) {
                if (!(range instanceof Map<?, ?> r) || !(r.get("from") instanceof String from)
                        || !(r.get("to") instanceof String to)) {
                    throw new IllegalArgumentException("weeklyHours." + day + " ranges need from and to as HH:mm");
                }
                LocalTime start = time(day + ".from", from);
                LocalTime end = time(day + ".to", to);
                if (!start.isBefore(end) || start.isBefore(previousEnd)) {
                    throw new IllegalArgumentException("weeklyHours." + day
                            + " ranges must be in order, each from before its to, without overlap");
                }
                previousEnd = end;
            }
        });
        Object holidays = settings.get("holidays");
        if (holidays != null) {
            if (!(holidays instanceof List<?> dates) || dates.size() > 1000) {
                throw new IllegalArgumentException("calendar holidays must be a list of at most 1000 dates");
            }
            for (Object date : dates) {
                try {
                    LocalDate.parse(String.valueOf(date));
                }
                catch (DateTimeException e) {
                    throw new IllegalArgumentException("holiday '" + date + "' is not an ISO date (yyyy-MM-dd)");
                }
            }
        }
    }

    private static LocalTime time(String field, String value) {
        try {
            return LocalTime.parse(value);
        }
        catch (DateTimeException e) {
            throw new IllegalArgumentException("weeklyHours." + field + " '" + value + "' is not HH:mm");
        }
    }
}
