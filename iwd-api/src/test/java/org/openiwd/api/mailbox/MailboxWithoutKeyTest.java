package org.openiwd.api.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.api.ApiIntegrationTest;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.client.RestClient;

/** Without an encryption key the API starts, but refuses to store a mailbox secret: 503, and nothing is written. */
@TestPropertySource(properties = "iwd.api.email.encryption-key=")
class MailboxWithoutKeyTest extends ApiIntegrationTest {

    @Test
    void aSecretIsRefusedWith503AndNothingIsStored() {
        RestClient tenant = client(provision("nokey").get("tenant"));
        ResponseEntity<Map> refused = tenant.post().uri("/mailboxes").body(MailboxApiTest.imapMailbox("support"))
                .retrieve().toEntity(Map.class);
        assertThat(refused.getStatusCode().value()).isEqualTo(503);
        assertThat(refused.getBody()).containsEntry("type", "urn:iwd:problem:encryption-key-missing");
        assertThat(jdbc.sql("SELECT count(*) FROM config_object WHERE tenant_id = 'nokey'").query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM config_event WHERE tenant_id = 'nokey'").query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM mailbox_secret").query(Long.class).single()).isZero();
    }
}
