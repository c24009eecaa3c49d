package org.openiwd.email.oauth;

import org.openiwd.email.api.Mailbox;
import org.springframework.stereotype.Component;

/**
 * The login of a mailbox's IMAP and SMTP sides from its settings and secrets: the password, or an access token
 * for XOAUTH2. An outbound side with {@code sameAsInbound} (or {@code oauth2} without its own block) uses the
 * inbound OAuth2 client. Thread-safe.
 */
@Component
public class MailLogins {

    private final OAuth2TokenClient tokens;

    public MailLogins(OAuth2TokenClient tokens) {
        this.tokens = tokens;
    }

    public MailLogin inbound(Mailbox mailbox, Mailbox.Credentials credentials) {
        Mailbox.Inbound in = mailbox.inbound();
        if ("oauth2".equals(in.auth())) {
            return new MailLogin(xoauth2User(in.user(), in.oauth2()),
                    tokens.accessToken(in.oauth2(), credentials.inboundOrNone()), true);
        }
        return new MailLogin(in.user(), credentials.inboundOrNone().password(), false);
    }

    public MailLogin outbound(Mailbox mailbox, Mailbox.Credentials credentials) {
        Mailbox.Outbound out = mailbox.outbound();
        if (out.auth() == null || "none".equals(out.auth())) {
            return MailLogin.NONE;
        }
        if ("oauth2".equals(out.auth())) {
            boolean inherited = out.sameAsInbound() || out.oauth2() == null;
            Mailbox.OAuth2 settings = inherited ? mailbox.inbound().oauth2() : out.oauth2();
            Mailbox.Secrets secrets = inherited ? credentials.inboundOrNone() : credentials.outboundOrNone();
            String user = out.user() != null ? out.user() : mailbox.inbound().user();
            return new MailLogin(xoauth2User(user, settings), tokens.accessToken(settings, secrets), true);
        }
        Mailbox.Secrets secrets = out.sameAsInbound() ? credentials.inboundOrNone() : credentials.outboundOrNone();
        String user = out.user() != null ? out.user() : mailbox.inbound().user();
        return new MailLogin(user, secrets.password(), false);
    }

    /** Drops the cached token of the mailbox's inbound side (the server refused it). */
    public void forgetInboundToken(Mailbox mailbox, Mailbox.Credentials credentials) {
        if (mailbox.inbound().oauth2() != null) {
            tokens.evict(mailbox.inbound().oauth2(), credentials.inboundOrNone());
        }
    }

    /** With a service account, Gmail's XOAUTH2 user is the delegated user the token acts for. */
    private static String xoauth2User(String user, Mailbox.OAuth2 settings) {
        if (settings != null && settings.delegatedUser() != null && !settings.delegatedUser().isBlank()) {
            return settings.delegatedUser();
        }
        return user;
    }
}
