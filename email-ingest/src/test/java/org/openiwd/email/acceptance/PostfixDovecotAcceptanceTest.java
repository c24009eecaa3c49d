package org.openiwd.email.acceptance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.email.RealApi;
import org.openiwd.email.ServiceParts;
import org.openiwd.email.mailbox.TenantMailbox;

/**
 * Acceptance against the real mail servers that {@code ./iwd services start} runs: postfix on 127.0.0.1:25 and
 * dovecot on 127.0.0.1:143 (plain auth, no TLS, user {@code mailtest}, password {@code secret}), with the real API.
 * Mail sent over SMTP ends up as a task; the reply an agent queues arrives in the customer's mailbox with the right
 * In-Reply-To and References; the customer's answer to it becomes a new task in the same thread. Both addresses
 * are the one system user (postfix's {@code +} delimiter), so the test looks for its messages by Message-ID. The
 * servers missing is a failure with the command that starts them, never a skip.
 */
class PostfixDovecotAcceptanceTest {

    private static final String HOST = "127.0.0.1";
    private static final String SUPPORT = "mailtest@example.test";
    private static final String CUSTOMER = "mailtest+customer@example.test";
    private static final Duration DELIVERY = Duration.ofSeconds(90);

    static RealApi api;

    @BeforeAll
    static void requireMailServers() {
        for (var server : Map.of("postfix", 25, "dovecot", 143).entrySet()) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, server.getValue()), 2000);
            }
            catch (IOException e) {
                fail(server.getKey() + " is not answering on " + HOST + ":" + server.getValue()
                        + ". The email acceptance test needs the real mail servers: run ./iwd services start "
                        + "(CI does) and then the tests again.");
            }
        }
        api = RealApi.start("email_acceptance");
    }

    @AfterAll
    static void stopApi() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void mailSentBySmtpBecomesATaskAndTheQueuedReplyArrivesThreaded() throws Exception {
        String tenant = "acc" + UUID.randomUUID().toString().substring(0, 8);
        String tenantKey = api.provision(tenant);
        api.createMailbox(tenantKey, "support", 143, "mailtest", "secret", 0, Map.of("address", SUPPORT,
                "outbound", Map.of("host", HOST, "port", 25, "security", "none", "auth", "none")));
        TenantMailbox mailbox = new TenantMailbox(tenant, api.emailApi().mailbox(tenant, "support"));
        String id = UUID.randomUUID().toString();
        String messageId = "<acceptance-" + id + "@customer.example.test>";

        send(messageId, "Acceptance " + id);
        awaitInInbox(messageId);
        Map<String, Object> item;
        try (ServiceParts service = ServiceParts.of(api.properties("test-" + UUID.randomUUID()), api.emailApi())) {
            item = pollUntilItem(service, mailbox, tenantKey, messageId);
            assertThat(item.get("subject")).isEqualTo("Acceptance " + id);
            assertThat(item.get("taskId")).isNotNull();
            Map<String, Object> task = api.client(tenantKey).get().uri("/tasks/{id}", item.get("taskId")).retrieve()
                    .body(Map.class);
            assertThat(task.get("mediaType")).isEqualTo("email");

            Map<String, Object> queued = api.client(tenantKey).post().uri("/emails/outbound")
                    .body(Map.of("subtype", "OutboundReply", "inReplyToEmailId", item.get("id"),
                            "textBody", "Your order ships today."))
                    .retrieve().body(Map.class);
            String replyId = (String) queued.get("messageId");
            assertThat(replyId).as("queued reply: %s", queued).isNotNull();

            service.round().run(mailbox);
            MimeMessage reply = awaitInInbox(replyId);
            assertThat(reply.getHeader("In-Reply-To", null)).isEqualTo(messageId);
            assertThat(reply.getHeader("References", " ")).contains(messageId);
            assertThat(reply.getSubject()).isEqualTo("Re: Acceptance " + id);
            assertThat(((InternetAddress) reply.getRecipients(Message.RecipientType.TO)[0]).getAddress())
                    .isEqualTo(CUSTOMER);
            Map<String, Object> sent = api.client(tenantKey).get().uri("/emails/outbound/{id}", queued.get("id"))
                    .retrieve().body(Map.class);
            assertThat(sent.get("status")).isEqualTo("sent");

            // The reply landed in the support mailbox too (same user): it is the thread's next message.
            Map<String, Object> answer = pollUntilItem(service, mailbox, tenantKey, replyId);
            assertThat(answer.get("threadTaskId")).isEqualTo(item.get("taskId"));
        }
    }

    private static void send(String messageId, String subject) throws MessagingException {
        Properties props = new Properties();
        props.setProperty("mail.smtp.host", HOST);
        props.setProperty("mail.smtp.port", "25");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        message.setFrom(new InternetAddress(CUSTOMER));
        message.setRecipients(Message.RecipientType.TO, SUPPORT);
        message.setSubject(subject);
        message.setText("Where is my order?");
        Transport.send(message);
    }

    /** Waits until the message is in dovecot's INBOX (postfix delivers asynchronously); returns it. */
    private static MimeMessage awaitInInbox(String messageId) throws Exception {
        Instant deadline = Instant.now().plus(DELIVERY);
        while (Instant.now().isBefore(deadline)) {
            Optional<MimeMessage> found = findInInbox(messageId);
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(250);
        }
        return fail("message " + messageId + " not delivered to " + SUPPORT + " by postfix within " + DELIVERY
                + " (see /var/log/postfix.log)");
    }

    private static Optional<MimeMessage> findInInbox(String messageId) throws MessagingException {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect(HOST, 143, "mailtest", "secret");
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                for (Message m : inbox.getMessages()) {
                    String[] ids = m.getHeader("Message-ID");
                    if (ids != null && Arrays.asList(ids).contains(messageId)) {
                        return Optional.of(new MimeMessage((MimeMessage) m));
                    }
                }
                return Optional.empty();
            }
            finally {
                inbox.close(false);
            }
        }
        finally {
            store.close();
        }
    }

    /** Runs rounds until the API has the item of {@code messageId} (older leftovers of the INBOX may come first). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> pollUntilItem(ServiceParts service, TenantMailbox mailbox, String tenantKey,
            String messageId) {
        for (int round = 0; round < 20; round++) {
            service.round().run(mailbox);
            List<Map<String, Object>> items = api.emails(tenantKey, "support");
            Optional<Map<String, Object>> item = items.stream().filter(i -> messageId.equals(i.get("messageId")))
                    .findFirst();
            if (item.isPresent()) {
                return item.get();
            }
        }
        return fail("message " + messageId + " did not become an email item after 20 rounds");
    }
}
