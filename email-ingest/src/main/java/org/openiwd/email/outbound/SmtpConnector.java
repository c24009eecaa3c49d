package org.openiwd.email.outbound;

import java.util.Properties;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;

import org.openiwd.email.EmailProperties;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.oauth.MailLogin;
import org.springframework.stereotype.Component;

/**
 * Opens an SMTP connection: SMTPS ({@code ssl}), submission with STARTTLS required ({@code starttls}) or plain
 * ({@code none}); AUTH PLAIN/LOGIN with a password, XOAUTH2 with an access token, or none.
 */
@Component
public class SmtpConnector {

    private final EmailProperties.Inbound settings;

    public SmtpConnector(EmailProperties properties) {
        this.settings = properties.inbound();
    }

    /** The session to build messages in and a connected transport; the caller closes the transport. */
    public record Connection(Session session, Transport transport) {
    }

    public Connection connect(Mailbox.Outbound smtp, MailLogin login) throws MessagingException {
        boolean ssl = "ssl".equals(smtp.security());
        String protocol = ssl ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        Properties props = new Properties();
        props.setProperty("mail.transport.protocol", protocol);
        props.setProperty(p + "host", smtp.host());
        props.setProperty(p + "port", Integer.toString(smtp.port()));
        props.setProperty(p + "connectiontimeout", Long.toString(settings.timeout().toMillis()));
        props.setProperty(p + "timeout", Long.toString(settings.timeout().toMillis()));
        props.setProperty(p + "writetimeout", Long.toString(settings.timeout().toMillis()));
        if ("starttls".equals(smtp.security())) {
            props.setProperty(p + "starttls.enable", "true");
            props.setProperty(p + "starttls.required", "true");
        }
        if (ssl || "starttls".equals(smtp.security())) {
            props.setProperty(p + "ssl.checkserveridentity", "true");
        }
        props.setProperty(p + "auth", Boolean.toString(login.authenticates()));
        props.setProperty(p + "auth.mechanisms", login.xoauth2() ? "XOAUTH2" : "PLAIN LOGIN");
        Session session = Session.getInstance(props);
        Transport transport = session.getTransport(protocol);
        transport.connect(smtp.host(), smtp.port(), login.user(), login.secret());
        return new Connection(session, transport);
    }
}
