package org.openiwd.api.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import org.springframework.web.client.RestClient;

/** Mailboxes and inbound messages as the email service would send them, for the email tests. */
final class EmailFixtures {

    private EmailFixtures() {
    }

    /** Creates an IMAP mailbox, sending too when {@code sends}, with the given extra settings. */
    static void mailbox(RestClient tenant, String id, boolean sends, Map<String, Object> extra) {
        Map<String, Object> body = new HashMap<>();
        body.put("id", id);
        body.put("name", "Mailbox " + id);
        body.put("type", "imap");
        body.put("address", id + "@support.example.com");
        body.put("inbound", Map.of("host", "imap.example.com", "user", id, "password", "secret"));
        if (sends) {
            body.put("outbound", Map.of("host", "smtp.example.com", "user", id, "password", "secret"));
        }
        body.putAll(extra);
        int status = tenant.post().uri("/mailboxes").body(body).retrieve().toBodilessEntity().getStatusCode().value();
        if (status != 201) {
            throw new IllegalStateException("mailbox " + id + " not created: " + status);
        }
    }

    /** A parsed new message from ann@example.org to the mailbox. */
    static Map<String, Object> message(String mailboxId, String messageId, String subject) {
        Map<String, Object> body = new HashMap<>();
        body.put("mailboxId", mailboxId);
        body.put("messageId", messageId);
        body.put("contentHash", sha256(mailboxId + messageId + subject));
        body.put("subtype", "InboundNew");
        body.put("from", Map.of("address", "ann@example.org", "name", "Ann Smith"));
        body.put("to", List.of(Map.of("address", mailboxId + "@support.example.com")));
        body.put("subject", subject);
        body.put("textBody", "Hello, about " + subject);
        body.put("importance", "normal");
        body.put("receivedAt", "2026-11-28T10:15:00Z");
        body.put("headers", new HashMap<>(Map.of("auto-submitted", "no")));
        body.put("references", new ArrayList<>());
        body.put("attachments", new ArrayList<>());
        return body;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
