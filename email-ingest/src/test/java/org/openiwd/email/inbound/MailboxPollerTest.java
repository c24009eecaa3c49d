package org.openiwd.email.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openiwd.email.EmailProperties;
import org.openiwd.email.RealApi;
import org.openiwd.email.GreenMailbox;
import org.openiwd.email.ServiceParts;
import org.openiwd.email.api.InboundEmail;
import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.mailbox.TenantMailbox;

/**
 * The IMAP poller between GreenMail and the real API: what a poll files where, and one test per failure mode it
 * defends against (API down, crash mid-batch, UIDVALIDITY change, two pollers after a lease expired).
 */
class MailboxPollerTest {

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    static RealApi api;
    private String tenant;
    private String tenantKey;
    private GreenMailbox inbox;
    private EmailProperties properties;

    @BeforeAll
    static void startApi() {
        api = RealApi.start("email_poller");
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @BeforeEach
    void tenantAndMailbox() {
        tenant = "t" + UUID.randomUUID().toString().substring(0, 8);
        tenantKey = api.provision(tenant);
        inbox = new GreenMailbox(mail, "support@example.com", "support", "secret");
        properties = api.properties("test-" + UUID.randomUUID());
    }

    private TenantMailbox register() {
        return inbox.register(api, tenant, tenantKey, "support", 0, Map.of());
    }

    private List<Map<String, Object>> items() {
        return api.emails(tenantKey, "support");
    }

    private void assertOneTaskPerMessage(int messages) {
        List<Map<String, Object>> items = items();
        assertThat(items).hasSize(messages);
        Set<Object> tasks = items.stream().map(i -> i.get("taskId")).collect(Collectors.toSet());
        assertThat(tasks).hasSize(messages).doesNotContainNull();
    }

    @Test
    void newMessagesBecomeTasksAndAreMarkedSeenAndMovedToACreatedProcessedFolder() throws Exception {
        for (int i = 1; i <= 3; i++) {
            inbox.deliver("<m" + i + "@example.org>", "Order " + i);
        }
        TenantMailbox mailbox = register();
        try (ServiceParts service = ServiceParts.of(properties, api.emailApi())) {
            service.round().run(mailbox);
        }
        assertOneTaskPerMessage(3);
        assertThat(items()).extracting(i -> i.get("subject")).containsExactlyInAnyOrder("Order 1", "Order 2",
                "Order 3");
        assertThat(inbox.count("INBOX")).isEqualTo(new GreenMailbox.Count(0, 0));
        assertThat(inbox.count("Processed")).isEqualTo(new GreenMailbox.Count(3, 3));
        Mailbox after = api.emailApi().mailbox(tenant, "support");
        assertThat(after.position().lastUid()).isEqualTo(3);
        assertThat(after.status().inbound()).containsEntry("state", "connected");
    }

    @Test
    void anUnparsableMessageIsKeptWithItsReasonAndMovedToTheUnparsableFolder() throws Exception {
        inbox.deliver(("From: ann@example.org\r\nSubject: Broken\r\nMessage-ID: <broken@example.org>\r\n"
                + "Content-Type: multipart/mixed; boundary=\"DECLARED\"\r\n\r\n--OTHER\r\nContent-Type: text/plain"
                + "\r\n\r\nx\r\n--OTHER--\r\n").getBytes());
        inbox.deliver("<fine@example.org>", "Fine");
        TenantMailbox mailbox = register();
        try (ServiceParts service = ServiceParts.of(properties, api.emailApi())) {
            service.round().run(mailbox);
        }
        List<Map<String, Object>> items = items();
        assertThat(items).hasSize(2);
        assertThat(items).filteredOn(i -> Boolean.TRUE.equals(i.get("unparsable"))).singleElement()
                .satisfies(i -> assertThat((String) i.get("unparsableReason")).contains("Missing start boundary"));
        assertThat(inbox.count("Unparsable")).isEqualTo(new GreenMailbox.Count(1, 1));
        assertThat(inbox.count("Processed")).isEqualTo(new GreenMailbox.Count(1, 1));
    }

    @Test
    void whenTheApiIsDownDuringAPollTheMessagesStayInTheInboxAndTheNextPollTakesThem() throws Exception {
        inbox.deliver("<a@example.org>", "A");
        inbox.deliver("<b@example.org>", "B");
        TenantMailbox mailbox = register();
        EmailProperties down = new EmailProperties(new EmailProperties.Api(java.net.URI.create(
                "http://127.0.0.1:9/iwd/v3"), RealApi.EMAIL_KEY, java.time.Duration.ofSeconds(2)),
                properties.redis(), properties.mailboxes(), properties.inbound(), properties.limits(),
                properties.outbound());
        try (ServiceParts deadApi = ServiceParts.of(down, new IwdEmailApi(down, RealApi.JSON))) {
            MailboxPoller.Poll poll = deadApi.poller().poll(mailbox, new org.openiwd.email.oauth.MailLogin("support",
                    "secret", false), null);
            assertThat(poll.apiError()).isNotNull();
            assertThat(poll.processed()).isZero();
        }
        assertThat(inbox.count("INBOX")).isEqualTo(new GreenMailbox.Count(2, 0));
        assertThat(items()).isEmpty();

        try (ServiceParts service = ServiceParts.of(properties, api.emailApi())) {
            service.round().run(mailbox);
        }
        assertOneTaskPerMessage(2);
        assertThat(inbox.count("INBOX").total()).isZero();
    }

    @Test
    void aCrashMidBatchBeforeTheMoveThenARestartMakesNoDuplicateAndLosesNothing() throws Exception {
        for (int i = 1; i <= 5; i++) {
            inbox.deliver("<c" + i + "@example.org>", "Crash " + i);
        }
        TenantMailbox mailbox = register();
        IwdEmailApi crashesAfterThree = new IwdEmailApi(properties, RealApi.JSON) {
            final AtomicInteger submissions = new AtomicInteger();

            @Override
            public InboundEmail.Submitted submit(String tenantId, InboundEmail email) {
                if (submissions.incrementAndGet() > 3) {
                    throw new IllegalStateException("the process dies here");
                }
                return super.submit(tenantId, email);
            }
        };
        try (ServiceParts crashing = ServiceParts.of(properties, crashesAfterThree)) {
            crashing.round().run(mailbox);
        }
        assertThat(items()).hasSize(3);
        assertThat(inbox.count("INBOX")).isEqualTo(new GreenMailbox.Count(5, 0));
        assertThat(api.emailApi().mailbox(tenant, "support").position()).isNull();

        try (ServiceParts restarted = ServiceParts.of(properties, api.emailApi())) {
            restarted.round().run(mailbox);
        }
        assertOneTaskPerMessage(5);
        assertThat(inbox.count("INBOX").total()).isZero();
        assertThat(inbox.count("Processed").total()).isEqualTo(5);
    }

    @Test
    void aChangedUidValidityReadsTheFolderFromItsFirstMessage() throws Exception {
        inbox.deliver("<u1@example.org>", "U1");
        inbox.deliver("<u2@example.org>", "U2");
        TenantMailbox mailbox = register();
        // A position of another incarnation of the folder, far beyond its UIDs.
        api.emailApi().putStatus(tenant, "support", new Mailbox.StatusUpdate(null, null,
                new Mailbox.Position(1, 999_999)));
        try (ServiceParts service = ServiceParts.of(properties, api.emailApi())) {
            service.round().run(mailbox);
        }
        assertOneTaskPerMessage(2);
        Mailbox.Position position = api.emailApi().mailbox(tenant, "support").position();
        assertThat(position.uidValidity()).isNotEqualTo(1);
        assertThat(position.lastUid()).isEqualTo(2);
    }

    @Test
    void twoPollersOnOneMailboxAfterALeaseExpiredStillMakeOneTaskPerMessage() throws Exception {
        for (int i = 1; i <= 6; i++) {
            inbox.deliver("<l" + i + "@example.org>", "Lease " + i);
        }
        TenantMailbox mailbox = register();
        CountDownLatch slowHasSubmittedOnce = new CountDownLatch(1);
        CountDownLatch fastIsDone = new CountDownLatch(1);
        IwdEmailApi slow = new IwdEmailApi(properties, RealApi.JSON) {
            @Override
            public InboundEmail.Submitted submit(String tenantId, InboundEmail email) {
                InboundEmail.Submitted submitted = super.submit(tenantId, email);
                if (slowHasSubmittedOnce.getCount() > 0) {
                    slowHasSubmittedOnce.countDown();
                    try {
                        fastIsDone.await();  // its lease has long expired: the other replica took the mailbox
                    }
                    catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return submitted;
            }
        };
        try (ServiceParts replicaA = ServiceParts.of(properties, slow);
                ServiceParts replicaB = ServiceParts.of(properties, api.emailApi())) {
            Thread a = Thread.ofVirtual().start(() -> replicaA.round().run(mailbox));
            slowHasSubmittedOnce.await();
            replicaB.round().run(mailbox);
            fastIsDone.countDown();
            a.join();
        }
        assertOneTaskPerMessage(6);
        assertThat(inbox.count("INBOX").total()).isZero();
        assertThat(inbox.count("Processed").total()).isEqualTo(6);
    }
}
