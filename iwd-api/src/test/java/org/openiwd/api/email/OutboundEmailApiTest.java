package org.openiwd.api.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

/**
 * The outbound queue: what queuing derives (mailbox, From, Message-ID, recipients, subject, threading), the
 * RFC 3834 suppression of automatic answers, the due list, and the status rules (final states stay final).
 */
@SuppressWarnings("unchecked")
class OutboundEmailApiTest extends ApiIntegrationTest {

    String tenantId;
    RestClient tenant;
    RestClient email;

    @BeforeEach
    void tenantWithMailboxes() {
        tenantId = "out-" + System.nanoTime() % 1_000_000;
        Map<String, String> keys = provision(tenantId);
        tenant = client(keys.get("tenant"));
        email = client(keys.get("email"));
        EmailFixtures.mailbox(tenant, "support", true, Map.of());
        EmailFixtures.mailbox(tenant, "inbox-only", false, Map.of());
    }

    @Test
    void aReplyIsAddressedAndThreadedFromTheInboundItem() {
        Map<String, Object> message = EmailFixtures.message("support", "<m2@example.org>", "Re: Order 42");
        message.put("references", List.of("<m1@example.org>"));
        message.put("replyTo", List.of(Map.of("address", "orders@example.org")));
        Map<String, Object> inbound = submit(message).getBody();
        ResponseEntity<Map> queued = tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", inbound.get("id"), "textBody", "Done.")).retrieve().toEntity(Map.class);
        assertThat(queued.getStatusCode().value()).isEqualTo(201);
        assertThat(queued.getBody()).containsEntry("status", "queued").containsEntry("attempts", 0)
                .containsEntry("mailboxId", "support").containsEntry("subject", "Re: Order 42")
                .containsEntry("inReplyTo", "<m2@example.org>")
                .containsEntry("references", List.of("<m1@example.org>", "<m2@example.org>"))
                .containsEntry("to", List.of(address("orders@example.org", null)))
                .containsEntry("from", address("support@support.example.com", null))
                .containsEntry("taskId", inbound.get("taskId"));
        assertThat((String) queued.getBody().get("messageId")).matches("<[0-9a-f-]{36}@support\\.example\\.com>");

        Map<String, Object> found = email.get().uri("/emails/outbound?messageId={m}", queued.getBody().get("messageId"))
                .retrieve().body(Map.class);
        assertThat((List<Map<String, Object>>) found.get("items")).singleElement()
                .satisfies(item -> assertThat(item).containsEntry("id", queued.getBody().get("id")));
    }

    @Test
    void theMailboxIsTheInboundItemsWhenItSendsElseTheDefaultOne() {
        Object id = submit(EmailFixtures.message("inbox-only", "<d1@example.org>", "Hi")).getBody().get("id");
        Map<String, Object> reply = Map.of("subtype", "OutboundReply", "inReplyToEmailId", id, "textBody", "Hello");
        ResponseEntity<Map> refused = tenant.post().uri("/emails/outbound").body(reply).retrieve().toEntity(Map.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(422);
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:no-outbound-mailbox");

        EmailFixtures.mailbox(tenant, "default", true, Map.of("defaultOutbound", true));
        assertThat(tenant.post().uri("/emails/outbound").body(reply).retrieve().body(Map.class))
                .containsEntry("mailboxId", "default");
        assertThat(tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundNew", "mailboxId", "inbox-only",
                "to", List.of(Map.of("address", "x@example.org")), "textBody", "x")).retrieve().toEntity(Map.class)
                .getBody()).containsEntry("type", "urn:iwd:problem:mailbox-cannot-send");
        assertThat(tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundNew",
                "to", List.of(Map.of("address", "x@example.org")), "subject", "News", "textBody", "x")).retrieve()
                .body(Map.class)).containsEntry("mailboxId", "default").containsEntry("inReplyTo", null);
    }

    @Test
    void automaticAnswersToAutomaticBulkOrSenderlessMailAreSuppressed() {
        for (Map.Entry<String, String> header : Map.of("auto-submitted", "auto-replied", "precedence", "bulk")
                .entrySet()) {
            Map<String, Object> message = EmailFixtures.message("support", "<" + header.getKey() + "@example.org>",
                    "Out of office");
            message.put("headers", Map.of(header.getKey(), header.getValue()));
            Object id = submit(message).getBody().get("id");
            for (String subtype : List.of("OutboundAcknowledgement", "OutboundAutoResponse")) {
                ResponseEntity<Map> refused = tenant.post().uri("/emails/outbound").body(Map.of("subtype", subtype,
                        "inReplyToEmailId", id, "textBody", "Thanks")).retrieve().toEntity(Map.class);
                assertThat(refused.getStatusCode().value()).as(header + " " + subtype).isEqualTo(422);
                assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:auto-reply-suppressed");
            }
            assertThat(tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                    "inReplyToEmailId", id, "textBody", "A person may answer")).retrieve().toBodilessEntity()
                    .getStatusCode().value()).isEqualTo(201);
        }
        Map<String, Object> senderless = EmailFixtures.message("support", "<dsn@example.org>", "Delivery failure");
        senderless.remove("from");
        Object id = submit(senderless).getBody().get("id");
        assertThat(tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundAcknowledgement",
                "inReplyToEmailId", id, "textBody", "Thanks")).retrieve().toEntity(Map.class).getBody())
                .containsEntry("type", "urn:iwd:problem:auto-reply-suppressed");
    }

    @Test
    void anAutoAcknowledgingMailboxQueuesOneAcknowledgementPerNewMessageUnlessItIsAutomatic() {
        EmailFixtures.mailbox(tenant, "ack", true, Map.of("autoAcknowledge", true));
        Map<String, Object> message = EmailFixtures.message("ack", "<new@example.org>", "Question");
        Object id = submit(message).getBody().get("id");
        submit(message);
        Map<String, Object> automatic = EmailFixtures.message("ack", "<ooo@example.org>", "Out of office");
        automatic.put("headers", Map.of("auto-submitted", "auto-replied"));
        submit(automatic);

        List<Map<String, Object>> queued = (List<Map<String, Object>>) email.get()
                .uri("/emails/outbound?due=true&mailboxId=ack").retrieve().body(Map.class).get("items");
        assertThat(queued).singleElement().satisfies(ack -> assertThat(ack)
                .containsEntry("subtype", "OutboundAcknowledgement").containsEntry("inReplyToEmailId", id)
                .containsEntry("inReplyTo", "<new@example.org>").containsEntry("subject", "Re: Question")
                .containsEntry("to", List.of(Map.of("address", "ann@example.org", "name", "Ann Smith"))));
    }

    @Test
    void retriesComeDueAtTheirTimeAndSentMayOnlyBounce() {
        Object id = submit(EmailFixtures.message("support", "<life@example.org>", "Life")).getBody().get("id");
        String out = (String) tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", id, "textBody", "Answer")).retrieve().body(Map.class).get("id");
        assertThat(due()).containsExactly(out);

        Map<String, Object> later = report(out, Map.of("status", "retry", "reason", "421 4.7.0 try again later",
                "nextAttemptAt", Instant.now().plus(1, ChronoUnit.HOURS).toString()), 200);
        assertThat(later).containsEntry("status", "retry").containsEntry("attempts", 1)
                .containsEntry("reason", "421 4.7.0 try again later");
        assertThat(due()).as("not due before its time").isEmpty();
        assertThat((List<?>) email.get().uri("/emails/outbound?status=retry").retrieve().body(Map.class).get("items"))
                .hasSize(1);
        report(out, Map.of("status", "retry", "reason", "421", "nextAttemptAt",
                Instant.now().minus(1, ChronoUnit.MINUTES).toString()), 200);
        assertThat(due()).containsExactly(out);

        Map<String, Object> sent = report(out, Map.of("status", "sent"), 200);
        assertThat(sent).containsEntry("status", "sent").containsEntry("attempts", 2);
        assertThat(sent.get("sentAt")).isNotNull();
        assertThat(report(out, Map.of("status", "sent"), 200)).as("a repeated report changes nothing")
                .containsEntry("sentAt", sent.get("sentAt"));
        assertThat(report(out, Map.of("status", "retry"), 409)).containsEntry("type",
                "urn:iwd:problem:outbound-final");
        assertThat(report(out, Map.of("status", "bounced", "reason", "550 5.1.1 no such user"), 200))
                .containsEntry("status", "bounced").containsEntry("sentAt", sent.get("sentAt"));
        for (String status : List.of("sent", "retry", "failed")) {
            assertThat(report(out, Map.of("status", status, "reason", "x"), 409)).as(status)
                    .containsEntry("type", "urn:iwd:problem:outbound-final");
        }
        assertThat(due()).isEmpty();
    }

    @Test
    void failedIsFinalAndNeedsAReason() {
        Object id = submit(EmailFixtures.message("support", "<fail@example.org>", "Fail")).getBody().get("id");
        String out = (String) tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", id, "textBody", "Answer")).retrieve().body(Map.class).get("id");
        assertThat(report(out, Map.of("status", "failed"), 400)).containsEntry("type", "urn:iwd:problem:validation");
        assertThat(report(out, Map.of("status", "failed", "reason", "535 authentication failed"), 200))
                .containsEntry("status", "failed");
        assertThat(report(out, Map.of("status", "sent"), 409)).containsEntry("type",
                "urn:iwd:problem:outbound-final");
        assertThat(tenant.put().uri("/emails/outbound/{id}/status", out).body(Map.of("status", "sent")).retrieve()
                .toBodilessEntity().getStatusCode().value()).as("only the email role reports").isEqualTo(403);
        assertThat(client(provision(tenantId + "-o").get("email")).put().uri("/emails/outbound/{id}/status", out)
                .body(Map.of("status", "sent")).retrieve().toBodilessEntity().getStatusCode().value()).isEqualTo(404);
    }

    @Test
    void badRequestsNameTheirFields() {
        ResponseEntity<Map> refused = tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "to", List.of(Map.of("address", "ann@example.org\r\nBcc: all@example.org")))).retrieve()
                .toEntity(Map.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) refused.getBody().get("errors")).extracting(e -> e.get("field"))
                .contains("inReplyToEmailId", "to[0].address");
        Map<String, Object> unknown = new HashMap<>(Map.of("subtype", "OutboundReply", "inReplyToEmailId", "em-none",
                "textBody", "x"));
        assertThat(tenant.post().uri("/emails/outbound").body(unknown).retrieve().toEntity(Map.class).getBody())
                .containsEntry("type", "urn:iwd:problem:unknown-email");
    }

    private static Map<String, Object> address(String address, String name) {
        Map<String, Object> map = new HashMap<>();
        map.put("address", address);
        map.put("name", name);
        return map;
    }

    private List<Object> due() {
        return ((List<Map<String, Object>>) email.get().uri("/emails/outbound?due=true").retrieve().body(Map.class)
                .get("items")).stream().map(i -> i.get("id")).toList();
    }

    private Map<String, Object> report(String id, Map<String, Object> body, int expected) {
        ResponseEntity<Map> response = email.put().uri("/emails/outbound/{id}/status", id).body(body).retrieve()
                .toEntity(Map.class);
        assertThat(response.getStatusCode().value()).as("%s", response.getBody()).isEqualTo(expected);
        return response.getBody();
    }

    private ResponseEntity<Map> submit(Map<String, Object> message) {
        ResponseEntity<Map> response = email.post().uri("/emails").body(message).retrieve().toEntity(Map.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as("%s", response.getBody()).isTrue();
        return response;
    }
}
