package org.openiwd.email.inbound;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;

import org.openiwd.email.EmailProperties;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.oauth.MailLogin;
import org.springframework.stereotype.Component;

/**
 * Opens a mailbox's IMAP store: IMAPS ({@code ssl}), STARTTLS required ({@code starttls}) or plain ({@code none});
 * PLAIN/LOGIN with a password, or XOAUTH2 with an access token. Bodies are fetched with {@code BODY.PEEK}, so a
 * message is {@code \Seen} only when the poller says so, after the API acknowledged it.
 */
@Component
public class ImapConnector {

    private final EmailProperties.Inbound settings;

    public ImapConnector(EmailProperties properties) {
        this.settings = properties.inbound();
    }

    /** A connected store; the caller closes it. */
    public Store connect(Mailbox.Inbound inbound, MailLogin login) throws MessagingException {
        boolean ssl = "ssl".equals(inbound.security());
        String protocol = ssl ? "imaps" : "imap";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.store.protocol", protocol);
        props.setProperty(p + "host", inbound.host());
        props.setProperty(p + "port", Integer.toString(inbound.port()));
        props.setProperty(p + "connectiontimeout", Long.toString(settings.timeout().toMillis()));
        props.setProperty(p + "timeout", Long.toString(settings.timeout().toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(settings.timeout().toMillis()));
        props.setProperty(p + "peek", "true");
        props.setProperty(p + "partialfetch", "false");
        props.setProperty(p + "fetchsize", "1048576");
        if ("starttls".equals(inbound.security())) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (ssl || "starttls".equals(inbound.security())) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        if (login.xoauth2()) {
            props.setProperty(p + "auth.mechanisms", "XOAUTH2");
        }
        else {
            props.setProperty(p + "auth.mechanisms", "PLAIN LOGIN");
        }
        Store store = Session.getInstance(props).getStore(protocol);
        store.connect(inbound.host(), inbound.port(), login.user(), login.secret());
        return store;
    }
}
