package org.openiwd.email;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.mailbox.TenantMailbox;

/** A GreenMail user as a tenant's mailbox: delivering raw messages, and looking into its folders over IMAP. */
public final class GreenMailbox {

    final GreenMailExtension mail;
    final GreenMailUser user;
    final String login;
    final String password;

    public GreenMailbox(GreenMailExtension mail, String address, String login, String password) {
        this.mail = mail;
        this.login = login;
        this.password = password;
        this.user = mail.setUser(address, login, password);
    }

    /** Delivers the raw message as it is (an unmodified parsed message is written back byte for byte). */
    public void deliver(byte[] raw) throws MessagingException {
        user.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    public void deliver(String messageId, String subject) throws MessagingException {
        deliver(("From: Ann <ann@example.org>\r\nTo: " + user.getEmail() + "\r\nSubject: " + subject
                + "\r\nMessage-ID: " + messageId + "\r\nDate: Fri, 27 Nov 2026 10:15:00 +0100\r\n"
                + "Content-Type: text/plain; charset=utf-8\r\n\r\nHello about " + subject + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Messages in the folder, and how many of them are \Seen; -1 when the folder does not exist. */
    public record Count(int total, int seen) {
    }

    public Count count(String folderName) throws MessagingException {
        Properties props = new Properties();
        Store store = Session.getInstance(props).getStore("imap");
        store.connect("127.0.0.1", mail.getImap().getPort(), login, password);
        try {
            Folder folder = store.getFolder(folderName);
            if (!folder.exists()) {
                return new Count(-1, 0);
            }
            folder.open(Folder.READ_ONLY);
            try {
                int seen = 0;
                for (Message m : folder.getMessages()) {
                    if (m.isSet(Flags.Flag.SEEN)) {
                        seen++;
                    }
                }
                return new Count(folder.getMessageCount(), seen);
            }
            finally {
                folder.close(false);
            }
        }
        finally {
            store.close();
        }
    }

    /** Registers it in the API as mailbox {@code id} of the tenant, and returns it as the service lists it. */
    public TenantMailbox register(RealApi api, String tenantId, String tenantKey, String id, int smtpPort,
            Map<String, Object> extra) {
        api.createMailbox(tenantKey, id, mail.getImap().getPort(), login, password, smtpPort, extra);
        Mailbox listed = api.emailApi().mailbox(tenantId, id);
        return new TenantMailbox(tenantId, listed);
    }
}
