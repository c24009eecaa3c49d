package org.openiwd.email.api;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.openiwd.email.BoundedExchange;
import org.openiwd.email.EmailProperties;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the email service depends on the IWD API: it is up when the API lists tenants for the cluster
 * email key, down with the reason otherwise (unreachable, or the key refused).
 */
@Component("iwdApi")
class IwdApiHealthIndicator implements HealthIndicator {

    private final EmailProperties.Api settings;
    private final HttpClient http;

    IwdApiHealthIndicator(EmailProperties properties) {
        this.settings = properties.api();
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).build();
    }

    @Override
    public Health health() {
        URI uri = URI.create(settings.url() + "/provisioning");
        try {
            HttpResponse<Void> response = BoundedExchange.send(http, HttpRequest.newBuilder(uri)
                    .timeout(settings.timeout()).header("x-api-key", settings.emailApiKey()).GET().build(),
                    HttpResponse.BodyHandlers.discarding(), settings.timeout());
            Health.Builder health = response.statusCode() == 200 ? Health.up() : Health.down();
            return health.withDetail("url", settings.url().toString())
                    .withDetail("status", response.statusCode()).build();
        }
        catch (java.io.IOException e) {
            return Health.down().withDetail("url", settings.url().toString()).withDetail("error", e.toString()).build();
        }
        catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
