package org.openiwd.email.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openiwd.email.GreenMailbox;
import org.openiwd.email.RealApi;
import org.openiwd.email.ServiceParts;
import org.openiwd.email.mailbox.TenantMailbox;
import org.openiwd.email.mime.MimeCorpusTest;

/**
 * The whole corpus through GreenMail, the poller and the real API: every message becomes a task or an unparsable
 * item, none is lost, none is doubled (a second pass changes nothing), and the folders end up holding exactly the
 * processed and the unparsable ones.
 */
class CorpusEndToEndTest {

    @RegisterExtension
    static final GreenMailExtension mail = new GreenMailExtension(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));

    static RealApi api;

    @BeforeAll
    static void startApi() {
        api = RealApi.start("email_corpus");
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    @Test
    void everyCorpusMessageBecomesATaskOrAnUnparsableItemExactlyOnce() throws Exception {
        String tenant = "c" + UUID.randomUUID().toString().substring(0, 8);
        String key = api.provision(tenant);
        GreenMailbox inbox = new GreenMailbox(mail, "support@example.com", "support", "secret");
        List<Path> corpus = MimeCorpusTest.files();
        for (Path file : corpus) {
            inbox.deliver(Files.readAllBytes(file));
        }
        TenantMailbox mailbox = inbox.register(api, tenant, key, "support", 0, Map.of());
        int unparsable = MimeCorpusTest.unparsableFiles().size();

        try (ServiceParts service = ServiceParts.of(api.properties("test-" + UUID.randomUUID()), api.emailApi())) {
            service.round().run(mailbox);
            List<Map<String, Object>> items = api.emails(key, "support");
            assertThat(items).hasSize(corpus.size());
            assertThat(items).filteredOn(i -> Boolean.TRUE.equals(i.get("unparsable"))).hasSize(unparsable)
                    .allSatisfy(i -> assertThat(i.get("unparsableReason")).isNotNull());
            List<Object> tasks = items.stream().map(i -> i.get("taskId")).filter(Objects::nonNull).toList();
            assertThat(tasks).hasSize(corpus.size() - unparsable).doesNotHaveDuplicates();
            assertThat(inbox.count("INBOX").total()).isZero();
            assertThat(inbox.count("Processed").total()).isEqualTo(corpus.size() - unparsable);
            assertThat(inbox.count("Unparsable").total()).isEqualTo(unparsable);

            // The same messages once more (a replica that missed the moves): the API answers the same items.
            for (Path file : corpus) {
                inbox.deliver(Files.readAllBytes(file));
            }
            service.round().run(mailbox);
            assertThat(api.emails(key, "support")).hasSize(corpus.size());
        }
    }
}
