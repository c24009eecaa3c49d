package org.openiwd.email.oauth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openiwd.email.api.Mailbox;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The token client against a local stub of an OAuth2 token endpoint (the one mock the tests allow: Microsoft's and
 * Google's endpoints are not reachable here).
 */
class OAuth2TokenClientTest {

    private final JsonMapper json = JsonMapper.builder().build();
    private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private String endpoint;
    private volatile int status = 200;
    private volatile String answer = "{\"access_token\":\"token-1\",\"token_type\":\"Bearer\",\"expires_in\":3600}";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-28T10:00:00Z"));

    @BeforeEach
    void startStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : body.split("&")) {
                String[] kv = pair.split("=", 2);
                form.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
            }
            requests.add(form);
            byte[] out = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(status, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
        endpoint = "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    @AfterEach
    void stopStub() {
        server.stop(0);
    }

    private OAuth2TokenClient client() {
        return new OAuth2TokenClient(Duration.ofSeconds(5), json, clock);
    }

    @Test
    void clientCredentialsGrantForOffice365IsCachedUntilShortlyBeforeExpiry() {
        OAuth2TokenClient client = client();
        Mailbox.OAuth2 settings = new Mailbox.OAuth2(endpoint, "client_credentials", "app-1",
                "https://outlook.office365.com/.default", null);
        Mailbox.Secrets secrets = new Mailbox.Secrets(null, "s3cret", null, null);

        assertThat(client.accessToken(settings, secrets)).isEqualTo("token-1");
        assertThat(client.accessToken(settings, secrets)).isEqualTo("token-1");
        assertThat(requests).singleElement().isEqualTo(Map.of("grant_type", "client_credentials",
                "client_id", "app-1", "client_secret", "s3cret", "scope", "https://outlook.office365.com/.default"));

        clock.advance(Duration.ofMinutes(58).plusSeconds(30));
        assertThat(client.accessToken(settings, secrets)).isEqualTo("token-1");
        clock.advance(Duration.ofSeconds(31));
        answer = "{\"access_token\":\"token-2\",\"expires_in\":3600}";
        assertThat(client.accessToken(settings, secrets)).isEqualTo("token-2");
        assertThat(requests).hasSize(2);
    }

    @Test
    void anEvictedTokenIsFetchedAgain() {
        OAuth2TokenClient client = client();
        Mailbox.OAuth2 settings = new Mailbox.OAuth2(endpoint, "client_credentials", "app-1", null, null);
        Mailbox.Secrets secrets = new Mailbox.Secrets(null, "s3cret", null, null);
        client.accessToken(settings, secrets);
        client.evict(settings, secrets);
        client.accessToken(settings, secrets);
        assertThat(requests).hasSize(2);
    }

    @Test
    void refreshTokenGrantForGmail() {
        Mailbox.OAuth2 settings = new Mailbox.OAuth2(endpoint, "refresh_token", "gmail-client", null, null);
        assertThat(client().accessToken(settings, new Mailbox.Secrets(null, "cs", "rt-1", null))).isEqualTo("token-1");
        assertThat(requests).singleElement().isEqualTo(Map.of("grant_type", "refresh_token",
                "client_id", "gmail-client", "client_secret", "cs", "refresh_token", "rt-1"));
    }

    @Test
    void serviceAccountGrantSendsAJwtSignedWithTheKeyForTheDelegatedUser() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder().encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        String key = json.writeValueAsString(Map.of("type", "service_account",
                "client_email", "poller@project.iam.gserviceaccount.com", "private_key", pem, "token_uri", endpoint));
        Mailbox.OAuth2 settings = new Mailbox.OAuth2(null, "service_account", null, null, "support@example.com");

        assertThat(client().accessToken(settings, new Mailbox.Secrets(null, null, null, key))).isEqualTo("token-1");

        Map<String, String> form = requests.getFirst();
        assertThat(form.get("grant_type")).isEqualTo("urn:ietf:params:oauth:grant-type:jwt-bearer");
        String[] jwt = form.get("assertion").split("\\.");
        assertThat(jwt).hasSize(3);
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(keys.getPublic());
        rsa.update((jwt[0] + "." + jwt[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(jwt[2]))).isTrue();
        JsonNode header = json.readTree(Base64.getUrlDecoder().decode(jwt[0]));
        JsonNode claims = json.readTree(Base64.getUrlDecoder().decode(jwt[1]));
        assertThat(header.get("alg").asString()).isEqualTo("RS256");
        assertThat(claims.get("iss").asString()).isEqualTo("poller@project.iam.gserviceaccount.com");
        assertThat(claims.get("sub").asString()).isEqualTo("support@example.com");
        assertThat(claims.get("scope").asString()).isEqualTo("https://mail.google.com/");
        assertThat(claims.get("aud").asString()).isEqualTo(endpoint);
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(3600);
    }

    @Test
    void aRefusedGrantSaysWhy() {
        status = 400;
        answer = "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret\"}";
        Mailbox.OAuth2 settings = new Mailbox.OAuth2(endpoint, "client_credentials", "app-1", null, null);
        assertThatThrownBy(() -> client().accessToken(settings, new Mailbox.Secrets(null, "wrong", null, null)))
                .isInstanceOf(OAuth2Exception.class).hasMessageContaining("400")
                .hasMessageContaining("invalid_client").hasMessageContaining("Invalid client secret");
    }

    @Test
    void aMissingSecretIsAClearError() {
        Mailbox.OAuth2 settings = new Mailbox.OAuth2(endpoint, "refresh_token", "c", null, null);
        assertThatThrownBy(() -> client().accessToken(settings, Mailbox.Secrets.NONE))
                .isInstanceOf(OAuth2Exception.class).hasMessage("the mailbox's refreshToken is not set");
        assertThat(requests).isEmpty();
    }

    /** A clock the test moves forward. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
