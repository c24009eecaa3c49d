package org.openiwd.email;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the email service.
 *
 * @param api how the service reaches the IWD API
 */
@Validated
@ConfigurationProperties("iwd.email")
public record EmailProperties(@Valid @NotNull @DefaultValue Api api) {

    /**
     * @param url base URL of the IWD API, up to {@code /iwd/v3} (environment {@code IWD_API_URL})
     * @param emailApiKey the cluster email key (environment {@code IWD_EMAIL_API_KEY})
     * @param timeout connect and request timeout of each API call
     */
    public record Api(
            @NotNull @DefaultValue("http://127.0.0.1:4024/iwd/v3") URI url,
            @DefaultValue("") String emailApiKey,
            @NotNull @DefaultValue("10s") Duration timeout) {
    }
}
