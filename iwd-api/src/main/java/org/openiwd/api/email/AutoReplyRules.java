package org.openiwd.api.email;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * RFC 3834 (and common practice) on automatic responses: never answer automatically a message that says it was
 * sent automatically ({@code Auto-Submitted} other than {@code no}), that comes from a list or a bulk mailing
 * ({@code Precedence: bulk|list|junk}, or a {@code List-Id}), whose sender asks for none
 * ({@code X-Auto-Response-Suppress: All|AutoReply}, Microsoft's convention), or that has no sender to answer (an empty
 * or null From, or the null envelope sender {@code Return-Path: <>} of bounces and notifications, whatever their From
 * says).
 */
final class AutoReplyRules {

    private static final Set<String> BULK = Set.of("bulk", "list", "junk");

    private AutoReplyRules() {
    }

    /** Why an automatic response to this message is suppressed, or null when it may be sent. */
    static String suppression(Map<String, String> headers, String fromAddress) {
        String autoSubmitted = value(headers, "auto-submitted");
        if (autoSubmitted != null && !autoSubmitted.equals("no")) {
            return "the message is Auto-Submitted: " + autoSubmitted;
        }
        String precedence = value(headers, "precedence");
        if (precedence != null && BULK.contains(precedence)) {
            return "the message has Precedence: " + precedence;
        }
        if (value(headers, "list-id") != null) {
            return "the message comes from a mailing list (List-Id)";
        }
        String suppress = value(headers, "x-auto-response-suppress");
        if (suppress != null && Arrays.stream(suppress.split(",")).map(String::strip)
                .anyMatch(v -> v.equals("all") || v.equals("autoreply"))) {
            return "the sender asks for no automatic response: X-Auto-Response-Suppress: " + suppress;
        }
        if (fromAddress == null || fromAddress.isBlank() || fromAddress.strip().equals("<>")) {
            return "the message has no sender";
        }
        String returnPath = headers == null ? null : headers.get("return-path");
        if (returnPath != null && returnPath.replaceAll("\\s", "").equals("<>")) {
            return "the message has a null envelope sender (Return-Path: <>)";
        }
        return null;
    }

    /** The header's value in lower case, without its parameters or comments. */
    private static String value(Map<String, String> headers, String name) {
        String raw = headers == null ? null : headers.get(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String value = raw.toLowerCase(Locale.ROOT);
        int end = value.indexOf(';');
        value = end < 0 ? value : value.substring(0, end);
        return value.replaceAll("\\(.*?\\)", "").strip();
    }
}
