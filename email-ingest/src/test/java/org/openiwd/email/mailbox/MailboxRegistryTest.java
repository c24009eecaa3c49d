package org.openiwd.email.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openiwd.email.EmailProperties;
import org.openiwd.email.RealApi;
import org.openiwd.email.api.IwdEmailApi;

/** The registry against the real API: what a reload tells its listeners, and what it keeps when the API is down. */
class MailboxRegistryTest {

    static RealApi api;

    @BeforeAll
    static void startApi() {
        api = RealApi.start("email_registry");
    }

    @AfterAll
    static void stopApi() {
        api.close();
    }

    /** Records what the registry tells it. */
    static final class Recorder implements MailboxListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void loaded(TenantMailbox mailbox) {
            events.add("loaded " + mailbox.key() + " v" + mailbox.mailbox().version());
        }

        @Override
        public void removed(TenantMailbox mailbox) {
            events.add("removed " + mailbox.key());
        }
    }

    @Test
    void aReloadTellsWhatAppearedChangedAndWentAcrossTenants() {
        String t1 = "r" + UUID.randomUUID().toString().substring(0, 8);
        String t2 = "r" + UUID.randomUUID().toString().substring(0, 8);
        String k1 = api.provision(t1);
        String k2 = api.provision(t2);
        api.createMailbox(k1, "support", 143, "support", "secret", 0, Map.of());
        api.createMailbox(k2, "support", 143, "support", "secret", 25, Map.of("defaultOutbound", true));
        Recorder recorder = new Recorder();
        MailboxRegistry registry = new MailboxRegistry(api.emailApi(), List.of(recorder));

        assertThat(registry.reload()).isTrue();
        assertThat(recorder.events).contains("loaded " + t1 + "/support v1", "loaded " + t2 + "/support v1");
        assertThat(registry.defaultOutbound(t2)).map(TenantMailbox::id).hasValue("support");
        assertThat(registry.defaultOutbound(t1)).isEmpty();

        recorder.events.clear();
        registry.reload();
        assertThat(recorder.events).as("nothing changed").isEmpty();

        api.client(k1).put().uri("/mailboxes/support").body(Map.of("name", "Support desk", "type", "imap",
                "address", "support@example.com", "pollInterval", "PT10S",
                "inbound", Map.of("host", "127.0.0.1", "port", 143, "security", "none", "user", "support")))
                .retrieve().toBodilessEntity();
        api.client(k2).delete().uri("/mailboxes/support").retrieve().toBodilessEntity();
        registry.reload();
        assertThat(recorder.events).containsExactlyInAnyOrder("loaded " + t1 + "/support v2", "removed " + t2 + "/support");
        assertThat(registry.find(t1, "support")).get().satisfies(m -> assertThat(m.mailbox().name())
                .isEqualTo("Support desk"));
    }

    @Test
    void whenTheApiIsDownTheKnownMailboxesStay() {
        String t = "r" + UUID.randomUUID().toString().substring(0, 8);
        api.createMailbox(api.provision(t), "support", 143, "support", "secret", 0, Map.of());
        Recorder recorder = new Recorder();
        MailboxRegistry registry = new MailboxRegistry(api.emailApi(), List.of(recorder));
        registry.reload();
        int known = registry.all().size();

        EmailProperties down = EmailProperties.withApi(new EmailProperties.Api(java.net.URI.create(
                "http://127.0.0.1:9/iwd/v3"), RealApi.EMAIL_KEY, java.time.Duration.ofSeconds(1)));
        MailboxRegistry cut = new MailboxRegistry(new IwdEmailApi(down, RealApi.JSON), List.of(recorder));
        assertThat(cut.reload()).isFalse();
        assertThat(registry.all()).hasSize(known);
    }
}
