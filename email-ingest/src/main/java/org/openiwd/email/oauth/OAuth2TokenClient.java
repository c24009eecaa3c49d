package org.openiwd.email.oauth;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.openiwd.email.BoundedExchange;
import org.openiwd.email.EmailProperties;
import org.openiwd.email.api.Mailbox;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens from an OAuth2 token endpoint, for XOAUTH2 over IMAP and SMTP: the {@code client_credentials} grant
 * (Office 365), the {@code refresh_token} grant (Gmail) and the JWT bearer grant of a Google service account with
 * domain-wide delegation (RS256, signed with the JDK). A token is cached per settings and secret until one minute
 * before it expires; {@link #evict} drops it after the mail server refused it. Thread-safe; two threads that miss
 * the cache at once may both fetch a token, which is harmless.
 */
@Component
public class OAuth2TokenClient {

    private static final Duration MARGIN = Duration.ofMinutes(1);
    private static final String JWT_BEARER = "urn:ietf:params:oauth:grant-type:jwt-bearer";
    private static final String GMAIL_SCOPE = "https://mail.google.com/";

    private final HttpClient http;
    private final Duration timeout;
    private final JsonMapper json;
    private final Clock clock;
    private final Map<String, Token> cache = new ConcurrentHashMap<>();

    @Autowired
    OAuth2TokenClient(EmailProperties properties, JsonMapper json) {
        this(properties.api().timeout(), json, Clock.systemUTC());
    }

    public OAuth2TokenClient(Duration timeout, JsonMapper json, Clock clock) {
        this.timeout = timeout;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    private record Token(String value, Instant expiresAt) {
    }

    /** A valid access token for these settings and secrets, from the cache or the token endpoint. */
    public String accessToken(Mailbox.OAuth2 settings, Mailbox.Secrets secrets) {
        String key = cacheKey(settings, secrets);
        Token cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.expiresAt().minus(MARGIN))) {
            return cached.value();
        }
        Token fresh = fetch(settings, secrets);
        cache.put(key, fresh);
        return fresh.value();
    }

    /** Forgets the cached token of these settings (the server refused it). */
    public void evict(Mailbox.OAuth2 settings, Mailbox.Secrets secrets) {
        cache.remove(cacheKey(settings, secrets));
    }

    private Token fetch(Mailbox.OAuth2 settings, Mailbox.Secrets secrets) {
        String grant = settings.grant() == null ? "client_credentials" : settings.grant();
        Map<String, String> form = new LinkedHashMap<>();
        String endpoint = settings.tokenEndpoint();
        switch (grant) {
            case "client_credentials" -> {
                form.put("grant_type", "client_credentials");
                form.put("client_id", settings.clientId());
                form.put("client_secret", required(secrets.clientSecret(), "clientSecret"));
                putIfPresent(form, "scope", settings.scope());
            }
            case "refresh_token" -> {
                form.put("grant_type", "refresh_token");
                form.put("client_id", settings.clientId());
                putIfPresent(form, "client_secret", secrets.clientSecret());
                form.put("refresh_token", required(secrets.refreshToken(), "refreshToken"));
            }
            case "service_account" -> {
                JsonNode key = json.readTree(required(secrets.serviceAccountKey(), "serviceAccountKey"));
                if (endpoint == null || endpoint.isBlank()) {
                    endpoint = key.path("token_uri").asString(null);
                }
                form.put("grant_type", JWT_BEARER);
                form.put("assertion", serviceAccountAssertion(key, settings, endpoint));
            }
            default -> throw new OAuth2Exception("unknown OAuth2 grant '" + grant + "'");
        }
        if (endpoint == null || endpoint.isBlank()) {
            throw new OAuth2Exception("no OAuth2 token endpoint configured");
        }
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> response;
        try {
            response = BoundedExchange.send(http, HttpRequest.newBuilder(URI.create(endpoint)).timeout(timeout)
                    .header("content-type", "application/x-www-form-urlencoded").header("accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString(),
                    timeout);
        }
        catch (IOException e) {
            throw new OAuth2Exception("token endpoint " + endpoint + " unreachable: " + e, e);
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OAuth2Exception("interrupted while asking " + endpoint + " for a token", e);
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body());
        }
        catch (RuntimeException e) {
            throw new OAuth2Exception("token endpoint " + endpoint + " answered " + response.statusCode()
                    + " without JSON");
        }
        if (response.statusCode() != 200 || !answer.hasNonNull("access_token")) {
            throw new OAuth2Exception("token endpoint " + endpoint + " refused the " + grant + " grant ("
                    + response.statusCode() + "): " + answer.path("error").asString("")
                    + " " + answer.path("error_description").asString(""));
        }
        long expiresIn = answer.path("expires_in").asLong(3600);
        return new Token(answer.get("access_token").asString(), clock.instant().plusSeconds(expiresIn));
    }

    /** The signed JWT of a service account acting for the delegated user (Google's domain-wide delegation). */
    private String serviceAccountAssertion(JsonNode key, Mailbox.OAuth2 settings, String audience) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", key.path("client_email").asString());
        claims.put("scope", settings.scope() == null || settings.scope().isBlank() ? GMAIL_SCOPE : settings.scope());
        claims.put("aud", audience);
        if (settings.delegatedUser() != null) {
            claims.put("sub", settings.delegatedUser());
        }
        claims.put("iat", now);
        claims.put("exp", now + 3600);
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + url.encodeToString(json.writeValueAsBytes(claims));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(privateKey(key.path("private_key").asString()));
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(rsa.sign());
        }
        catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new OAuth2Exception("the service account key cannot sign: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
        String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new OAuth2Exception("the mailbox's " + name + " is not set");
        }
        return value;
    }

    private static void putIfPresent(Map<String, String> form, String name, String value) {
        if (value != null && !value.isBlank()) {
            form.put(name, value);
        }
    }

    private static String cacheKey(Mailbox.OAuth2 s, Mailbox.Secrets secrets) {
        String secret = String.join("\u0000", String.valueOf(secrets.clientSecret()),
                String.valueOf(secrets.refreshToken()), String.valueOf(secrets.serviceAccountKey()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
            return String.join("|", s.tokenEndpoint(), s.grant(), s.clientId(), s.scope(), s.delegatedUser(),
                    HexFormat.of().formatHex(digest));
        }
        catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
