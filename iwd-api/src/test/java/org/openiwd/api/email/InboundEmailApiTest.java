package org.openiwd.api.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/**
 * {@code POST /emails} and the reads of inbound items: one item and one task per message, the task routed by the
 * mailbox, replies linked to the first task of their thread, unparsable messages kept without a task, attachments
 * stored within their limits. Small limits here: requests 16KB (emails 512KB), attachments 100KB, messages 150KB.
 */
@TestPropertySource(properties = {"iwd.api.max-request-size=16KB", "iwd.api.email.max-request-size=512KB",
    "iwd.api.email.max-attachment-size=100KB", "iwd.api.email.max-message-size=150KB"})
@SuppressWarnings("unchecked")
class InboundEmailApiTest extends ApiIntegrationTest {

    String tenantId;
    RestClient tenant;
    RestClient email;

    @BeforeEach
    void tenantWithAMailbox() {
        tenantId = "em-" + System.nanoTime() % 1_000_000;
        Map<String, String> keys = provision(tenantId);
        tenant = client(keys.get("tenant"));
        email = client(keys.get("email"));
        configureProcesses(tenant, "p");
        tenant.post().uri("/capture-points").body(Map.of("id", "mail", "name", "Mail")).retrieve().toBodilessEntity();
        EmailFixtures.mailbox(tenant, "support", true, Map.of("routing", Map.of("capturePointId", "mail",
                "processId", "p", "departmentId", "dept", "priorities", Map.of("high", 10, "normal", 5, "low", 1))));
    }

    @Test
    void aMessageBecomesOneItemAndOneRoutedTaskAndARepeatAnswersTheSame() {
        Map<String, Object> message = EmailFixtures.message("support", "<order-42@example.org>", "Order 42");
        message.put("importance", "high");
        ResponseEntity<Map> first = submit(message);
        assertThat(first.getStatusCode().value()).isEqualTo(201);
        assertThat(first.getHeaders().getLocation().getPath()).isEqualTo("/iwd/v3/emails/" + first.getBody().get("id"));
        assertThat(first.getBody()).containsEntry("created", true).containsEntry("unparsable", false);
        Object taskId = first.getBody().get("taskId");
        assertThat(first.getBody()).containsEntry("threadTaskId", taskId);

        ResponseEntity<Map> repeat = submit(message);
        assertThat(repeat.getStatusCode().value()).isEqualTo(200);
        assertThat(repeat.getBody()).containsEntry("id", first.getBody().get("id")).containsEntry("taskId", taskId)
                .containsEntry("created", false);

        Map<String, Object> task = tenant.get().uri("/tasks/{id}", taskId).retrieve().body(Map.class);
        assertThat(task).containsEntry("mediaType", "email").containsEntry("capturePointId", "mail")
                .containsEntry("captureId", "email:" + first.getBody().get("id")).containsEntry("processId", "p")
                .containsEntry("departmentId", "dept").containsEntry("priority", 10).containsEntry("status", "Queued")
                .containsEntry("subject", "Order 42").containsEntry("description", "Hello, about Order 42")
                .containsEntry("sourceCreatedAt", "2026-11-28T10:15:00Z");
        assertThat((Map<String, Object>) task.get("attributes")).containsEntry("emailId", first.getBody().get("id"))
                .containsEntry("mailboxId", "support").containsEntry("fromAddress", "ann@example.org")
                .containsEntry("subtype", "InboundNew").doesNotContainKey("threadTaskId");
        assertThat(count("SELECT count(*) FROM task WHERE tenant_id = ?")).isOne();
        assertThat(count("SELECT count(*) FROM email_item WHERE tenant_id = ?")).isOne();

        Map<String, Object> item = tenant.get().uri("/emails/{id}", first.getBody().get("id")).retrieve()
                .body(Map.class);
        assertThat(item).containsEntry("messageId", "<order-42@example.org>").containsEntry("taskId", taskId)
                .containsEntry("subject", "Order 42").containsEntry("from", Map.of("address", "ann@example.org",
                        "name", "Ann Smith"));
        assertThat((List<?>) tenant.get().uri("/emails?taskId={t}", taskId).retrieve().body(Map.class).get("items"))
                .hasSize(1);
    }

    @Test
    void withoutAMessageIdTheContentHashIsTheKey() {
        Map<String, Object> message = EmailFixtures.message("support", null, "No id");
        message.put("contentHash", EmailFixtures.sha256("raw message one"));
        assertThat(submit(message).getStatusCode().value()).isEqualTo(201);
        assertThat(submit(message).getStatusCode().value()).isEqualTo(200);
        message.put("contentHash", EmailFixtures.sha256("raw message two"));
        assertThat(submit(message).getStatusCode().value()).as("another message without an id").isEqualTo(201);
        assertThat(count("SELECT count(*) FROM task WHERE tenant_id = ?")).isEqualTo(2);
    }

    @Test
    void theSameMessageInTwoMailboxesIsTwoItems() {
        EmailFixtures.mailbox(tenant, "sales", false, Map.of());
        assertThat(submit(EmailFixtures.message("support", "<both@example.org>", "Both")).getStatusCode().value())
                .isEqualTo(201);
        assertThat(submit(EmailFixtures.message("sales", "<both@example.org>", "Both")).getStatusCode().value())
                .isEqualTo(201);
        assertThat(count("SELECT count(*) FROM email_item WHERE tenant_id = ?")).isEqualTo(2);
    }

    @Test
    void aCustomerReplyToAnAgentsReplyIsANewTaskLinkedToTheThreadsFirstTask() {
        Map<String, Object> first = submit(EmailFixtures.message("support", "<q1@example.org>", "Where is my order?")).getBody();
        Object firstTask = first.get("taskId");
        Map<String, Object> reply = tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", first.get("id"), "textBody", "It ships today.")).retrieve().body(Map.class);
        assertThat(reply).containsEntry("inReplyTo", "<q1@example.org>")
                .containsEntry("references", List.of("<q1@example.org>")).containsEntry("threadTaskId", firstTask);

        Map<String, Object> answer = EmailFixtures.message("support", "<q2@example.org>", "Re: Where is my order?");
        answer.put("subtype", "InboundCustomerReply");
        answer.put("inReplyTo", reply.get("messageId"));
        answer.put("references", List.of("<q1@example.org>", reply.get("messageId")));
        Map<String, Object> second = submit(answer).getBody();
        assertThat(second.get("taskId")).isNotEqualTo(firstTask);
        assertThat(second).containsEntry("threadTaskId", firstTask);
        Map<String, Object> task = tenant.get().uri("/tasks/{id}", second.get("taskId")).retrieve().body(Map.class);
        assertThat((Map<String, Object>) task.get("attributes")).containsEntry("threadTaskId", firstTask)
                .containsEntry("subtype", "InboundCustomerReply");

        Map<String, Object> later = EmailFixtures.message("support", "<q3@example.org>", "Re: Re: Where is my order?");
        later.put("subtype", "InboundNew");
        later.put("inReplyTo", "<q2@example.org>");
        assertThat(submit(later).getBody()).as("any item naming a known Message-ID is a reply")
                .containsEntry("threadTaskId", firstTask);
        assertThat(count("SELECT count(*) FROM task WHERE tenant_id = ?")).isEqualTo(3);
    }

    @Test
    void anUnparsableMessageIsKeptWithItsSourceAndReasonAndHasNoTask() {
        byte[] raw = "From: broken\r\nContent-Type: multipart/mixed; boundary=\"x\"\r\n\r\n--y\r\n".getBytes();
        Map<String, Object> item = new HashMap<>(Map.of("mailboxId", "support", "contentHash",
                EmailFixtures.sha256("broken"), "unparsable", true, "unparsableReason", "boundary x never opens",
                "rawSource", Base64.getEncoder().encodeToString(raw)));
        ResponseEntity<Map> stored = submit(item);
        assertThat(stored.getStatusCode().value()).isEqualTo(201);
        assertThat(stored.getBody()).containsEntry("unparsable", true).containsEntry("taskId", null);
        assertThat(submit(item).getStatusCode().value()).isEqualTo(200);
        assertThat(count("SELECT count(*) FROM task WHERE tenant_id = ?")).isZero();

        List<Map<String, Object>> listed = (List<Map<String, Object>>) tenant.get().uri("/emails?unparsable=true")
                .retrieve().body(Map.class).get("items");
        assertThat(listed).singleElement().satisfies(e -> assertThat(e)
                .containsEntry("unparsableReason", "boundary x never opens").containsEntry("rawSourceSize", raw.length));
        assertThat(tenant.get().uri("/emails/{id}/raw", stored.getBody().get("id")).retrieve().body(byte[].class))
                .isEqualTo(raw);

        item.remove("rawSource");
        item.put("contentHash", EmailFixtures.sha256("other"));
        ResponseEntity<Map> refused = submit(item);
        assertThat(refused.getStatusCode().value()).isEqualTo(400);
        assertThat((List<Map<String, Object>>) refused.getBody().get("errors")).extracting(e -> e.get("field"))
                .containsExactly("rawSource");
    }

    @Test
    void attachmentsAreStoredWithinTheirLimitsInARequestOverTheGeneralLimit() {
        byte[] pdf = new byte[90 * 1024];
        pdf[0] = '%';
        Map<String, Object> message = EmailFixtures.message("support", "<att@example.org>", "Invoice");
        message.put("attachments", List.of(
                Map.of("fileName", "invoice.pdf", "contentType", "application/pdf", "size", pdf.length,
                        "inline", false, "content", Base64.getEncoder().encodeToString(pdf)),
                Map.of("fileName", "run.exe", "contentType", "application/octet-stream", "size", 9000,
                        "blocked", true, "blockedReason", "extension .exe is not allowed")));
        ResponseEntity<Map> stored = submit(message);
        assertThat(stored.getStatusCode().value()).as("a 120KB request where others may have 16KB").isEqualTo(201);
        Object id = stored.getBody().get("id");
        List<Map<String, Object>> attachments = (List<Map<String, Object>>) tenant.get().uri("/emails/{id}", id)
                .retrieve().body(Map.class).get("attachments");
        assertThat(attachments).hasSize(2);
        assertThat(attachments.get(0)).containsEntry("index", 0).containsEntry("size", pdf.length)
                .containsEntry("blocked", false);
        assertThat(attachments.get(1)).containsEntry("blocked", true)
                .containsEntry("blockedReason", "extension .exe is not allowed").containsEntry("size", 9000);
        ResponseEntity<byte[]> content = tenant.get().uri("/emails/{id}/attachments/0", id).retrieve()
                .toEntity(byte[].class);
        assertThat(content.getHeaders().getContentType().toString()).isEqualTo("application/pdf");
        assertThat(content.getBody()).isEqualTo(pdf);
        assertThat(tenant.get().uri("/emails/{id}/attachments/1", id).retrieve().toBodilessEntity().getStatusCode()
                .value()).as("a blocked attachment has no content").isEqualTo(404);
    }

    @Test
    void anAttachmentOrAMessageOverItsLimitIsRefusedAndNothingIsStored() {
        Map<String, Object> big = EmailFixtures.message("support", "<big@example.org>", "Big");
        big.put("attachments", List.of(attachment("big.bin", 101 * 1024)));
        ResponseEntity<Map> refused = submit(big);
        assertThat(refused.getStatusCode().value()).isEqualTo(413);
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:email-too-large");

        Map<String, Object> many = EmailFixtures.message("support", "<many@example.org>", "Many");
        many.put("attachments", List.of(attachment("a.bin", 80 * 1024), attachment("b.bin", 80 * 1024)));
        assertThat(submit(many).getBody()).containsEntry("type", "urn:iwd:problem:email-too-large");

        Map<String, Object> huge = EmailFixtures.message("support", "<huge@example.org>", "Huge");
        huge.put("textBody", "x".repeat(600 * 1024));
        ResponseEntity<Map> tooLong = submit(huge);
        assertThat(tooLong.getStatusCode().value()).isEqualTo(413);
        assertThat(tooLong.getBody()).containsEntry("type", "urn:iwd:problem:payload-too-large");
        assertThat(count("SELECT count(*) FROM email_item WHERE tenant_id = ?")).isZero();
        assertThat(count("SELECT count(*) FROM task WHERE tenant_id = ?")).isZero();
    }

    @Test
    void onlyTheEmailRoleSubmitsAndNoTenantSeesAnothersItems() {
        Map<String, Object> message = EmailFixtures.message("support", "<roles@example.org>", "Roles");
        assertThat(tenant.post().uri("/emails").body(message).retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(403);
        Object id = submit(message).getBody().get("id");
        Map<String, String> keys = provision(tenantId + "-o");
        RestClient otherEmail = client(keys.get("email"));
        assertThat(otherEmail.get().uri("/emails/{id}", id).retrieve().toBodilessEntity().getStatusCode().value())
                .isEqualTo(404);
        assertThat(otherEmail.get().uri("/emails/{id}/attachments/0", id).retrieve().toBodilessEntity()
                .getStatusCode().value()).isEqualTo(404);
        assertThat(otherEmail.post().uri("/emails").body(message).retrieve().toBodilessEntity().getStatusCode()
                .value()).as("another tenant's mailbox").isEqualTo(404);
        assertThat(client(keys.get("datamart")).get().uri("/emails").retrieve().toBodilessEntity().getStatusCode()
                .value()).isEqualTo(403);
        assertThat((List<?>) client(keys.get("tenant")).get().uri("/emails").retrieve().body(Map.class).get("items"))
                .isEmpty();
    }

    @Test
    void deletingTheTenantDeletesItsMailboxesEmailsAndOutboundMail() {
        Map<String, Object> message = EmailFixtures.message("support", "<gone@example.org>", "Gone");
        message.put("attachments", List.of(attachment("a.bin", 1024)));
        Object id = submit(message).getBody().get("id");
        Object outboundId = tenant.post().uri("/emails/outbound").body(Map.of("subtype", "OutboundReply",
                "inReplyToEmailId", id, "textBody", "Bye", "attachments", List.of(Map.of("fileName", "b.bin",
                        "content", Base64.getEncoder().encodeToString(new byte[10]))))).retrieve().body(Map.class)
                .get("id");
        email.put().uri("/mailboxes/support/status").body(Map.of("position", Map.of("uidValidity", 1, "lastUid", 9)))
                .retrieve().toBodilessEntity();

        assertThat(client(ADMIN_KEY).delete().uri("/provisioning/{id}", tenantId).retrieve().toBodilessEntity()
                .getStatusCode().is2xxSuccessful()).isTrue();
        for (String table : List.of("config_object", "mailbox_secret", "mailbox_status", "email_item",
                "outbound_email")) {
            assertThat(count("SELECT count(*) FROM " + table + " WHERE tenant_id = ?")).as(table).isZero();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM email_attachment WHERE email_id = ?").param(id).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM outbound_attachment WHERE outbound_id = ?").param(outboundId)
                .query(Long.class).single()).isZero();
    }

    private static Map<String, Object> attachment(String name, int size) {
        return Map.of("fileName", name, "contentType", "application/octet-stream", "size", size,
                "content", Base64.getEncoder().encodeToString(new byte[size]));
    }

    private ResponseEntity<Map> submit(Map<String, Object> message) {
        return email.post().uri("/emails").body(message).retrieve().toEntity(Map.class);
    }

    private long count(String sql) {
        return jdbc.sql(sql).param(tenantId).query(Long.class).single();
    }
}
