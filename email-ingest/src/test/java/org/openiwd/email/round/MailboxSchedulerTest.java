package org.openiwd.email.round;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openiwd.email.EmailProperties;
import org.openiwd.email.GreenMailbox;
import org.openiwd.email.RealApi;
import org.openiwd.email.ServiceParts;
import org.openiwd.email.api.Mailbox;

/**
 * The scheduler's rounds with the real API and GreenMail: a mailbox whose login is refused gets its error status
 * and does not keep the tenant's other mailbox from being processed.
 */
class MailboxSchedulerTest {

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    static RealApi api;

    @BeforeAll
    static void startApi() {
        api = RealApi.start("email_scheduler");
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    void aMailboxWithWrongCredentialsReportsItsErrorAndTheOtherMailboxIsStillProcessed() throws Exception {
        String tenant = "s" + UUID.randomUUID().toString().substring(0, 8);
        String key = api.provision(tenant);
        GreenMailbox good = new GreenMailbox(mail, "good@example.com", "good", "secret");
        GreenMailbox bad = new GreenMailbox(mail, "bad@example.com", "bad", "secret");
        good.deliver("<g1@example.org>", "For the good mailbox");
        bad.deliver("<b1@example.org>", "For the bad mailbox");
        api.createMailbox(key, "good", mail.getImap().getPort(), "good", "secret", 0, Map.of());
        api.createMailbox(key, "bad", mail.getImap().getPort(), "bad", "not-the-password", 0, Map.of());

        EmailProperties properties = api.properties("test-" + UUID.randomUUID());
        try (ServiceParts service = ServiceParts.of(properties, api.emailApi())) {
            MailboxScheduler scheduler = new MailboxScheduler(service.registry(), service.round(), service.lease(),
                    properties);
            try {
                scheduler.reload();
                scheduler.tick();
                Mailbox badAfter = awaitInboundStatus(tenant, "bad");
                Mailbox goodAfter = awaitInboundStatus(tenant, "good");
                assertThat(badAfter.status().inbound()).containsEntry("state", "error");
                assertThat((String) badAfter.status().inbound().get("lastError")).contains("authentication failed");
                assertThat(goodAfter.status().inbound()).containsEntry("state", "connected");
                assertThat(api.emails(key, "good")).singleElement()
                        .satisfies(i -> assertThat(i.get("subject")).isEqualTo("For the good mailbox"));
                assertThat(api.emails(key, "bad")).isEmpty();
                assertThat(bad.count("INBOX").total()).isEqualTo(1);
                assertThat(service.meters().get("iwdEmail.connection.status").tag("mailbox", "bad")
                        .tag("protocol", "imap").gauge().value()).isZero();
            }
            finally {
                scheduler.destroy();
            }
        }
    }

    /** Waits until the round reported the inbound side (a safety limit only: rounds end by themselves). */
    private static Mailbox awaitInboundStatus(String tenant, String mailboxId) throws InterruptedException {
        java.time.Instant deadline = java.time.Instant.now().plusSeconds(300);
        while (java.time.Instant.now().isBefore(deadline)) {
            Mailbox mailbox = api.emailApi().mailbox(tenant, mailboxId);
            if (mailbox.status() != null && mailbox.status().inbound() != null) {
                return mailbox;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("mailbox " + mailboxId + " reported no inbound status in 5 minutes");
    }
}
