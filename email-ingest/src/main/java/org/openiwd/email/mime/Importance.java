package org.openiwd.email.mime;

import java.util.Locale;

/** A message's importance as the API knows it, from the headers that mail clients set for it. */
public enum Importance {
    HIGH, NORMAL, LOW;

    /** The wire value: {@code high}, {@code normal}, {@code low}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code Importance} (RFC 2156) first, then {@code X-Priority} (1-2 high, 4-5 low), {@code Priority} (RFC 2156:
     * urgent, non-urgent) and {@code X-MSMail-Priority}; normal when none says otherwise.
     */
    static Importance of(String importance, String xPriority, String priority, String msMailPriority) {
        if (importance != null) {
            switch (importance.trim().toLowerCase(Locale.ROOT)) {
                case "high" -> { return HIGH; }
                case "low" -> { return LOW; }
                case "normal" -> { return NORMAL; }
                default -> { }
            }
        }
        if (xPriority != null && !xPriority.isBlank()) {
            char level = xPriority.trim().charAt(0);
            if (level == '1' || level == '2') {
                return HIGH;
            }
            if (level == '4' || level == '5') {
                return LOW;
            }
            if (level == '3') {
                return NORMAL;
            }
        }
        if (priority != null) {
            String p = priority.trim().toLowerCase(Locale.ROOT);
            if (p.equals("urgent")) {
                return HIGH;
            }
            if (p.equals("non-urgent")) {
                return LOW;
            }
        }
        if (msMailPriority != null) {
            String p = msMailPriority.trim().toLowerCase(Locale.ROOT);
            if (p.equals("high")) {
                return HIGH;
            }
            if (p.equals("low")) {
                return LOW;
            }
        }
        return NORMAL;
    }
}
