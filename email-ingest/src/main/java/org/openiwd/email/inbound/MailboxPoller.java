package org.openiwd.email.inbound;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;

import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.openiwd.email.EmailProperties;
import org.openiwd.email.api.ApiRefusedException;
import org.openiwd.email.api.ApiUnavailableException;
import org.openiwd.email.api.Mailbox;
import org.openiwd.email.mailbox.TenantMailbox;
import org.openiwd.email.metrics.EmailMetrics;
import org.openiwd.email.mime.MimeMessageParser;
import org.openiwd.email.mime.ParseResult;
import org.openiwd.email.oauth.MailLogin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One poll of a mailbox's inbox folder. It fetches by UID the messages after the position the API keeps (all of
 * them when the folder's UIDVALIDITY is not the stored one: the folder was recreated), at most
 * {@code iwd.email.inbound.batch-size}; parses and submits each in UID order; and only once the API acknowledged a
 * message marks it {@code \Seen} and moves it (MOVE, or COPY + EXPUNGE where the server lacks MOVE) to the processed
 * or unparsable folder, created when missing. The moves and the new position come at the end of the batch.
 *
 * <p>Failures: the API unavailable stops the batch (the messages acknowledged before are still filed; the others
 * stay and are taken at the next poll). A crash before the moves leaves the batch in the inbox and the position where
 * it was: the next poll submits the same messages again, which the API recognises (mailbox + Message-ID or content
 * hash) and answers with the same items, so nothing is doubled or lost. A message refused even as unparsable stays
 * in the inbox (counted as failed) and the position passes it. One thread per call; the caller holds the lease.
 */
@Component
public class MailboxPoller {

    private static final Logger log = LoggerFactory.getLogger(MailboxPoller.class);

    private final ImapConnector connector;
    private final MimeMessageParser parser;
    private final InboundSubmitter submitter;
    private final EmailMetrics metrics;
    private final int batchSize;

    public MailboxPoller(ImapConnector connector, InboundSubmitter submitter, EmailMetrics metrics,
            EmailProperties properties) {
        this.connector = connector;
        this.parser = new MimeMessageParser(properties.limits());
        this.submitter = submitter;
        this.metrics = metrics;
        this.batchSize = properties.inbound().batchSize();
    }

    /**
     * What a poll did.
     *
     * @param position the new position (null when the batch moved nothing forward)
     * @param processed messages the API acknowledged and that were filed
     * @param more whether the inbox still holds messages beyond this batch
     * @param apiError the API failure that stopped the batch, or null
     */
    public record Poll(Mailbox.Position position, int processed, boolean more, String apiError) {
    }

    /**
     * Polls once. Throws {@link MessagingException} when the mailbox cannot be reached or read (the caller reports
     * the error status).
     */
    public Poll poll(TenantMailbox mailbox, MailLogin login, Mailbox.Position stored) throws MessagingException {
        Mailbox.Folders folders = mailbox.mailbox().inbound().foldersOrDefault();
        Store store = connector.connect(mailbox.mailbox().inbound(), login);
        try {
            IMAPFolder inbox = (IMAPFolder) store.getFolder(folders.inbox());
            inbox.open(Folder.READ_WRITE);
            try {
                return pollOpen(mailbox, (IMAPStore) store, inbox, folders, stored);
            }
            finally {
                if (inbox.isOpen()) {
                    inbox.close(false);
                }
            }
        }
        finally {
            store.close();
        }
    }

    private Poll pollOpen(TenantMailbox mailbox, IMAPStore store, IMAPFolder inbox, Mailbox.Folders folders,
            Mailbox.Position stored) throws MessagingException {
        long uidValidity = inbox.getUIDValidity();
        long from = 1;
        if (stored != null && stored.uidValidity() == uidValidity) {
            from = stored.lastUid() + 1;
        }
        else if (stored != null) {
            log.warn("Mailbox {}: UIDVALIDITY changed from {} to {}; reading the folder from its first message",
                    mailbox.key(), stored.uidValidity(), uidValidity);
        }
        List<Message> batch = new ArrayList<>();
        int candidates = 0;
        for (Message m : inbox.getMessagesByUID(from, UIDFolder.LASTUID)) {
            // UID x:* always answers the last message, even when its UID is below x.
            if (m != null && inbox.getUID(m) >= from) {
                candidates++;
                if (batch.size() < batchSize) {
                    batch.add(m);
                }
            }
        }
        FetchProfile profile = new FetchProfile();
        profile.add(UIDFolder.FetchProfileItem.UID);
        profile.add(FetchProfile.Item.FLAGS);
        profile.add(IMAPFolder.FetchProfileItem.INTERNALDATE);
        inbox.fetch(batch.toArray(Message[]::new), profile);

        List<Message> processed = new ArrayList<>();
        List<Message> unparsable = new ArrayList<>();
        long lastUid = -1;
        String apiError = null;
        for (Message message : batch) {
            long uid = inbox.getUID(message);
            long started = System.nanoTime();
            byte[] raw = raw(message);
            ParseResult result = parser.parse(raw);
            try {
                InboundSubmitter.Outcome outcome = submitter.submit(mailbox, result, raw, received(message));
                (outcome.unparsable() ? unparsable : processed).add(message);
                metrics.processed(mailbox, Duration.ofNanos(System.nanoTime() - started));
                metrics.blocked(mailbox, outcome.blockedAttachments());
            }
            catch (ApiUnavailableException e) {
                metrics.failed(mailbox);
                apiError = e.getMessage();
                log.warn("Mailbox {}: the API is unavailable ({}); UID {} and later stay in {}", mailbox.key(),
                        e.getMessage(), uid, folders.inbox());
                break;
            }
            catch (ApiRefusedException e) {
                metrics.failed(mailbox);
                log.error("Mailbox {}: the API refused UID {} even as unparsable ({}); it stays in {}", mailbox.key(),
                        uid, e.getMessage(), folders.inbox());
            }
            lastUid = uid;
        }
        file(store, inbox, processed, folders.processed());
        file(store, inbox, unparsable, folders.unparsable());
        Mailbox.Position position = lastUid < 0 ? null : new Mailbox.Position(uidValidity, lastUid);
        return new Poll(position, processed.size() + unparsable.size(),
                apiError == null && candidates > batch.size(), apiError);
    }

    /** Marks the messages {@code \Seen} and moves them to {@code folderName}, created when missing. */
    private static void file(IMAPStore store, IMAPFolder inbox, List<Message> messages, String folderName)
            throws MessagingException {
        if (messages.isEmpty()) {
            return;
        }
        Folder target = store.getFolder(folderName);
        if (!target.exists() && !target.create(Folder.HOLDS_MESSAGES)) {
            throw new MessagingException("cannot create the folder " + folderName);
        }
        Message[] array = messages.toArray(Message[]::new);
        inbox.setFlags(array, new Flags(Flags.Flag.SEEN), true);
        if (store.hasCapability("MOVE")) {
            inbox.moveMessages(array, target);
        }
        else {
            inbox.copyMessages(array, target);
            inbox.setFlags(array, new Flags(Flags.Flag.DELETED), true);
            if (store.hasCapability("UIDPLUS")) {
                inbox.expunge(array);
            }
            else {
                inbox.expunge();
            }
        }
    }

    private static byte[] raw(Message message) throws MessagingException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            message.writeTo(out);
        }
        catch (IOException e) {
            throw new MessagingException("cannot read message: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private static Instant received(Message message) throws MessagingException {
        Date date = message.getReceivedDate();
        return date == null ? null : date.toInstant();
    }
}
