package org.openiwd.email;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the email service.
 *
 * @param api how the service reaches the IWD API
 * @param redis the Redis that holds the mailbox leases
 * @param mailboxes how mailboxes are found and scheduled
 * @param inbound how mailboxes are polled
 * @param limits what an inbound message may carry (the API's own limits: keep them equal)
 * @param outbound how queued mail is sent
 */
@Validated
@ConfigurationProperties("iwd.email")
public record EmailProperties(
        @Valid @NotNull @DefaultValue Api api,
        @Valid @NotNull @DefaultValue Redis redis,
        @Valid @NotNull @DefaultValue Mailboxes mailboxes,
        @Valid @NotNull @DefaultValue Inbound inbound,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Outbound outbound) {

    /** Only the API settings given (tests of the API client); everything else at its default. */
    public static EmailProperties withApi(Api api) {
        return new EmailProperties(api, new Redis(true, "redis://127.0.0.1:6379", Duration.ofSeconds(2), "iwd"),
                new Mailboxes(true, Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(2), 16),
                new Inbound(200, Duration.ofSeconds(30)),
                new Limits(DataSize.ofMegabytes(10), DataSize.ofMegabytes(25), Limits.DEFAULT_BLOCKED),
                new Outbound(50, Duration.ofMinutes(1), Duration.ofHours(1), 8));
    }

    /**
     * @param url base URL of the IWD API, up to {@code /iwd/v3} (environment {@code IWD_API_URL})
     * @param emailApiKey the cluster email key (environment {@code IWD_EMAIL_API_KEY})
     * @param timeout connect timeout, and the longest an API call may take, its answer's body included
     */
    public record Api(
            @NotNull @DefaultValue("http://127.0.0.1:4024/iwd/v3") URI url,
            @DefaultValue("") String emailApiKey,
            @NotNull @DefaultValue("10s") Duration timeout) {
    }

    /**
     * @param enabled whether mailbox leases are taken in Redis; without it every replica polls every mailbox
     *     (still no duplicate task: submission is idempotent)
     * @param url Redis address (environment {@code IWD_REDIS_URL})
     * @param timeout how long one Redis command may take
     * @param keyPrefix the start of every Redis name of the service: replicas of one platform share it
     */
    public record Redis(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("redis://127.0.0.1:6379") String url,
            @NotNull @DefaultValue("2s") Duration timeout,
            @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}") @DefaultValue("iwd") String keyPrefix) {
    }

    /**
     * @param enabled whether the service polls and sends at all (off: only the management port runs)
     * @param reloadInterval how often tenants and mailboxes are listed again from the API
     * @param tick how often due mailboxes are looked for
     * @param lease how long a replica holds a mailbox once it took it; a poll that runs longer loses it (another
     *     replica may then poll the same messages: submission is idempotent, so it still makes one task each)
     * @param maxConcurrent at most this many mailboxes are polled or sent at the same time, each on its own
     *     virtual thread
     */
    public record Mailboxes(
            @DefaultValue("true") boolean enabled,
            @NotNull @DefaultValue("30s") Duration reloadInterval,
            @NotNull @DefaultValue("1s") Duration tick,
            @NotNull @DefaultValue("2m") Duration lease,
            @Min(1) @Max(1000) @DefaultValue("16") int maxConcurrent) {
    }

    /**
     * @param batchSize at most this many messages are taken from a mailbox in one poll
     * @param timeout IMAP and SMTP connect and read timeout
     */
    public record Inbound(
            @Min(1) @Max(10_000) @DefaultValue("200") int batchSize,
            @NotNull @DefaultValue("30s") Duration timeout) {
    }

    /**
     * @param maxAttachmentSize an attachment larger than this (decoded) is blocked: kept as metadata with the reason
     * @param maxMessageSize attachments beyond this total (decoded, with the bodies) are blocked
     * @param blockedExtensions file extensions (lower case, without the dot) whose attachments are blocked
     */
    public record Limits(
            @NotNull @DefaultValue("10MB") DataSize maxAttachmentSize,
            @NotNull @DefaultValue("25MB") DataSize maxMessageSize,
            @NotNull @DefaultValue({"exe", "com", "bat", "cmd", "scr", "pif", "vbs", "vbe", "js", "jse", "wsf", "wsh",
                "msi", "msp", "cpl", "hta", "jar", "ps1", "psm1", "reg", "lnk", "dll", "iso", "img"})
            Set<String> blockedExtensions) {

        /** The default blocked extensions: executables and scripts Windows runs on a double click. */
        public static final Set<String> DEFAULT_BLOCKED = Set.of("exe", "com", "bat", "cmd", "scr", "pif", "vbs",
                "vbe", "js", "jse", "wsf", "wsh", "msi", "msp", "cpl", "hta", "jar", "ps1", "psm1", "reg", "lnk", "dll",
                "iso", "img");
    }

    /**
     * @param batchSize at most this many queued items are sent per mailbox and round
     * @param initialBackoff wait before the first retry of a temporary failure; doubled at each further attempt
     * @param maxBackoff the longest wait between two attempts
     * @param maxAttempts after this many failed attempts an item is failed for good
     */
    public record Outbound(
            @Min(1) @Max(1000) @DefaultValue("50") int batchSize,
            @NotNull @DefaultValue("1m") Duration initialBackoff,
            @NotNull @DefaultValue("1h") Duration maxBackoff,
            @Min(1) @Max(100) @DefaultValue("8") int maxAttempts) {
    }
}
