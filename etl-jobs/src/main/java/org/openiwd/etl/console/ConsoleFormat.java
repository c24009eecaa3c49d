package org.openiwd.etl.console;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import org.springframework.stereotype.Component;

/**
 * How console pages write times, durations and rates ({@code ${@consoleFormat.time(x)}} in templates). Times are
 * shown in this server's zone, the zone Spring Batch records its local times in, so all times on a page agree.
 */
@Component("consoleFormat")
public class ConsoleFormat {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    /** A time, or an em dash for none. */
    public String time(Object time) {
        ZoneId zone = ZoneId.systemDefault();
        return switch (time) {
            case null -> "—";
            case LocalDateTime local -> TIME.format(local);
            case Instant instant -> TIME.format(instant.atZone(zone));
            case OffsetDateTime offset -> TIME.format(offset.atZoneSameInstant(zone));
            case ZonedDateTime zoned -> TIME.format(zoned.withZoneSameInstant(zone));
            default -> time.toString();
        };
    }

    /** A time in its own zone, with the zone: for previews in a tenant's zone. */
    public String zoned(ZonedDateTime time) {
        return time == null ? "—" : TIME.format(time) + " " + time.getZone().getId();
    }

    /** Seconds as people read them: 850 ms, 42 s, 3 min 5 s, 2 h 4 min. */
    public String seconds(Number seconds) {
        if (seconds == null) {
            return "—";
        }
        double value = seconds.doubleValue();
        if (value < 1) {
            return Math.round(value * 1000) + " ms";
        }
        long whole = Math.round(value);
        if (whole < 60) {
            return String.format(Locale.ROOT, "%.1f s", value);
        }
        if (whole < 3600) {
            return whole / 60 + " min " + whole % 60 + " s";
        }
        return whole / 3600 + " h " + whole % 3600 / 60 + " min";
    }

    /** The time between two local times, or since {@code start} when {@code end} is null. */
    public String between(LocalDateTime start, LocalDateTime end) {
        if (start == null) {
            return "—";
        }
        LocalDateTime until = end == null ? LocalDateTime.now() : end;
        return seconds(java.time.Duration.between(start, until).toMillis() / 1000.0);
    }

    /** A rate per second with one decimal. */
    public String rate(Number perSecond) {
        return perSecond == null ? "—" : String.format(Locale.ROOT, "%,.1f/s", perSecond.doubleValue());
    }

    /** A count with thousands separators. */
    public String count(Number count) {
        return count == null ? "—" : String.format(Locale.ROOT, "%,d", count.longValue());
    }
}
