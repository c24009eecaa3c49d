package org.openiwd.api.email;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.openiwd.api.mailbox.Mailboxes;
import org.openiwd.api.security.Caller;
import org.openiwd.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The outbound queue. Queuing resolves everything the sender needs, once: the mailbox (given, else the inbound
 * item's, else the tenant's default outbound one), the From, a new Message-ID on the mailbox's domain, and for an
 * answer to an inbound item its recipients, subject and threading headers. Automatic answers (acknowledgements,
 * auto-responses) to messages that RFC 3834 says must not get one are refused. Status changes lock the item, so
 * concurrent reports serialise; failed and bounced are final, and a sent item may only bounce.
 */
@Service
class OutboundQueue {

    static final List<String> SUBTYPES = List.of("OutboundReply", "OutboundNew", "OutboundAcknowledgement",
            "OutboundAutoResponse", "OutboundRedirect");
    private static final Set<String> AUTOMATIC = Set.of("OutboundAcknowledgement", "OutboundAutoResponse");
    private static final Set<String> FINAL = Set.of("failed", "bounced");
    private static final Duration DEFAULT_RETRY_DELAY = Duration.ofMinutes(1);
    private static final int MAX_REASON = 2000;

    private final OutboundRepository outbound;
    private final EmailItemRepository items;
    private final Mailboxes mailboxes;
    private final EmailTasks tasks;
    private final EmailLimits limits;
    private final Clock clock;

    OutboundQueue(OutboundRepository outbound, EmailItemRepository items, Mailboxes mailboxes, EmailTasks tasks,
            EmailLimits limits, Clock clock) {
        this.outbound = outbound;
        this.items = items;
        this.mailboxes = mailboxes;
        this.tasks = tasks;
        this.limits = limits;
        this.clock = clock;
    }

    @Transactional
    OutboundEmail queue(Caller caller, OutboundRequest r) {
        String tenant = caller.tenant();
        check(r);
        EmailItem original = null;
        if (r.inReplyToEmailId() != null) {
            original = items.find(tenant, r.inReplyToEmailId()).orElseThrow(() -> ApiProblem.badRequest(
                    "unknown-email", "There is no inbound email item " + r.inReplyToEmailId() + "."));
        }
        if (AUTOMATIC.contains(r.subtype())) {
            String suppressed = AutoReplyRules.suppression(original.headers(),
                    original.from() == null ? null : original.from().address());
            if (suppressed != null) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "auto-reply-suppressed",
                        "Automatic reply suppressed", "No " + r.subtype() + " is sent to " + original.id()
                                + ": " + suppressed + " (RFC 3834).");
            }
        }
        if (r.taskId() != null && !tasks.exists(tenant, r.taskId())) {
            throw ApiProblem.badRequest("unknown-task", "There is no task " + r.taskId() + ".");
        }
        Mailboxes.Route mailbox = sender(caller, r.mailboxId(), original);
        boolean redirect = "OutboundRedirect".equals(r.subtype());
        boolean answer = original != null && !redirect && !"OutboundNew".equals(r.subtype());

        List<EmailAddress> to = r.to() != null && !r.to().isEmpty() ? r.to()
                : answer ? recipientsOf(original) : List.of();
        if (to.isEmpty()) {
            throw ApiProblem.badRequest("recipients-required", "A " + r.subtype() + " needs recipients in to"
                    + (answer ? "; the inbound item has no sender to answer." : "."));
        }
        String subject = r.subject() != null ? r.subject()
                : original == null ? null : prefixed(redirect ? "Fwd: " : "Re: ", original.subject());
        String text = r.textBody();
        String html = r.htmlBody();
        if (redirect && text == null && html == null) {
            text = original.textBody();
            html = original.htmlBody();
        }
        if (text == null && html == null) {
            throw ApiProblem.badRequest("body-required", "A " + r.subtype() + " needs a textBody or an htmlBody.");
        }
        String inReplyTo = null;
        List<String> references = List.of();
        if (answer && original.messageId() != null) {
            inReplyTo = original.messageId();
            List<String> refs = new ArrayList<>(original.references());
            refs.add(original.messageId());
            references = refs;
        }
        Long taskId = r.taskId() != null ? r.taskId() : original == null ? null : original.taskId();
        Long threadTaskId = original != null && original.threadTaskId() != null ? original.threadTaskId() : taskId;

        List<OutboundEmail.Attachment> attachments = new ArrayList<>();
        EmailLimits.Counter size = limits.counter().text(text).text(html);
        for (OutboundRequest.Attachment a : r.attachments() == null ? List.<OutboundRequest.Attachment>of()
                : r.attachments()) {
            size.attachment(a.fileName(), a.content());
            attachments.add(new OutboundEmail.Attachment(a.fileName(), a.contentType() == null
                    ? "application/octet-stream" : a.contentType(), a.content().length, a.content()));
        }
        boolean forwardAttachments = redirect && r.attachments() == null;
        if (forwardAttachments) {
            size.count(outbound.attachmentBytes(original.id()));
        }
        String id = "out-" + UUID.randomUUID();
        String messageId = "<" + UUID.randomUUID() + "@" + mailbox.domain() + ">";
        OutboundEmail item = new OutboundEmail(id, "queued", r.subtype(), mailbox.id(),
                new EmailAddress(mailbox.address(), mailbox.displayName()), messageId,
                original == null ? null : original.id(), inReplyTo, references, taskId, threadTaskId, to,
                orEmpty(r.cc()), orEmpty(r.bcc()), subject, text, html, attachments, 0, null, null, null, null, null);
        outbound.insert(tenant, item);
        if (forwardAttachments) {
            outbound.copyAttachments(original.id(), id);
        }
        return outbound.find(tenant, id, false).orElseThrow();
    }

    /**
     * Queues the acknowledgement of a new inbound item, in the submission's transaction, when its mailbox (or the
     * tenant's default one) can send.
     */
    void acknowledge(Caller caller, String emailId) {
        EmailItem original = items.find(caller.tenant(), emailId).orElseThrow();
        String subject = original.subject() == null ? "your message" : "\"" + original.subject() + "\"";
        try {
            queue(caller, new OutboundRequest("OutboundAcknowledgement", null, emailId, null, null, null, null, null,
                    "Thank you for " + subject + ". We have received it and will answer as soon as we can.\n\n"
                            + "Reference: " + original.taskId(), null, null));
        }
        catch (ApiProblem e) {
            if (!"no-outbound-mailbox".equals(e.code()) && !"recipients-required".equals(e.code())) {
                throw e;
            }
        }
    }

    @Transactional(readOnly = true)
    OutboundEmail get(Caller caller, String id) {
        return outbound.find(caller.tenant(), id, false).orElseThrow(() -> ApiProblem.notFound("Outbound email " + id));
    }

    /** A page of items and the cursor of the next one (null on the last page). */
    record Page(List<OutboundEmail> items, String next) {
    }

    @Transactional(readOnly = true)
    Page list(Caller caller, String status, String mailboxId, boolean due, String messageId, String after,
            int limit) {
        long afterSeq = EmailController.cursor(after);
        // The due set spans two statuses (queued, and retry whose time has come): with due, status does not narrow it.
        var rows = outbound.list(caller.tenant(), due ? null : status, mailboxId, due, messageId, clock.instant(),
                afterSeq, limit);
        return new Page(rows.stream().map(Map.Entry::getValue).toList(),
                rows.size() < limit ? null : String.valueOf(rows.getLast().getKey()));
    }

    @Transactional
    OutboundEmail report(Caller caller, String id, OutboundStatusRequest r) {
        EmailFields fields = new EmailFields();
        fields.oneOf("status", r.status(), List.of("sent", "retry", "failed", "bounced"), true);
        if (r.status() != null && FINAL.contains(r.status()) && (r.reason() == null || r.reason().isBlank())) {
            fields.error("reason", "is required for " + r.status());
        }
        if (r.nextAttemptAt() != null && !"retry".equals(r.status())) {
            fields.error("nextAttemptAt", "is only for retry");
        }
        fields.throwIfAny();
        OutboundEmail item = outbound.find(caller.tenant(), id, true)
                .orElseThrow(() -> ApiProblem.notFound("Outbound email " + id));
        String reason = r.reason() == null || r.reason().length() <= MAX_REASON ? r.reason()
                : r.reason().substring(0, MAX_REASON);
        if (item.status().equals(r.status()) && !"retry".equals(r.status())) {
            // A repeated report (a retried request, a resend after a crash) changes nothing.
            return item;
        }
        boolean allowed = switch (item.status()) {
            case "queued", "retry" -> true;
            case "sent" -> "bounced".equals(r.status());
            default -> false;
        };
        if (!allowed) {
            ApiProblem problem = ApiProblem.conflict("outbound-final", "Outbound email " + id + " is "
                    + item.status() + " and cannot become " + r.status() + ".");
            problem.getBody().setProperty("outboundStatus", item.status());
            throw problem;
        }
        Instant now = clock.instant();
        switch (r.status()) {
            case "sent" -> outbound.updateStatus(id, "sent", item.attempts(), null, now, null);
            case "retry" -> outbound.updateStatus(id, "retry", item.attempts() + 1,
                    r.nextAttemptAt() != null ? r.nextAttemptAt().toInstant() : now.plus(DEFAULT_RETRY_DELAY), null,
                    reason);
            default -> outbound.updateStatus(id, r.status(), item.attempts(), null, item.sentAt(), reason);
        }
        return outbound.find(caller.tenant(), id, false).orElseThrow();
    }

    private Mailboxes.Route sender(Caller caller, String mailboxId, EmailItem original) {
        if (mailboxId != null) {
            Mailboxes.Route mailbox = mailboxes.find(caller, mailboxId).filter(Mailboxes.Route::live)
                    .orElseThrow(() -> ApiProblem.badRequest("unknown-mailbox", "There is no live mailbox "
                            + mailboxId + "."));
            if (!mailbox.sends()) {
                throw new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT, "mailbox-cannot-send", "Mailbox cannot send",
                        "The mailbox " + mailboxId + " has no outbound settings.");
            }
            return mailbox;
        }
        if (original != null) {
            var own = mailboxes.find(caller, original.mailboxId()).filter(m -> m.live() && m.sends());
            if (own.isPresent()) {
                return own.get();
            }
        }
        return mailboxes.defaultOutbound(caller).orElseThrow(() -> new ApiProblem(HttpStatus.UNPROCESSABLE_CONTENT,
                "no-outbound-mailbox", "No outbound mailbox", "No mailbox was named, "
                        + (original != null ? "the inbound item's mailbox cannot send, " : "")
                        + "and the tenant has no default outbound mailbox."));
    }

    private void check(OutboundRequest r) {
        EmailFields fields = new EmailFields();
        fields.oneOf("subtype", r.subtype(), SUBTYPES, true);
        if (r.inReplyToEmailId() == null && r.subtype() != null && !"OutboundNew".equals(r.subtype())) {
            fields.error("inReplyToEmailId", "is required for " + r.subtype());
        }
        fields.header("mailboxId", r.mailboxId(), false);
        fields.header("inReplyToEmailId", r.inReplyToEmailId(), false);
        fields.addresses("to", r.to(), 100, true);
        fields.addresses("cc", r.cc(), 100, true);
        fields.addresses("bcc", r.bcc(), 100, true);
        fields.header("subject", r.subject(), false);
        if (r.attachments() != null) {
            if (r.attachments().size() > 100) {
                fields.error("attachments", "must hold at most 100 attachments");
            }
            for (int i = 0; i < Math.min(100, r.attachments().size()); i++) {
                OutboundRequest.Attachment a = r.attachments().get(i);
                if (a == null || a.content() == null) {
                    fields.error("attachments[" + i + "].content", "is required");
                }
                else {
                    fields.header("attachments[" + i + "].fileName", a.fileName(), true);
                    fields.header("attachments[" + i + "].contentType", a.contentType(), false);
                }
            }
        }
        fields.throwIfAny();
    }

    private static List<EmailAddress> recipientsOf(EmailItem original) {
        List<EmailAddress> replyTo = original.replyTo().stream().filter(a -> a.address() != null).toList();
        if (!replyTo.isEmpty()) {
            return replyTo;
        }
        return original.from() == null || original.from().address() == null || original.from().address().isBlank()
                ? List.of() : List.of(new EmailAddress(original.from().address(), original.from().name()));
    }

    /** The subject with the prefix, unless it already starts with it (any case): no "Re: Re: ". */
    private static String prefixed(String prefix, String subject) {
        String s = subject == null ? "" : subject;
        return s.toLowerCase(Locale.ROOT).startsWith(prefix.toLowerCase(Locale.ROOT)) ? s : prefix + s;
    }

    private static List<EmailAddress> orEmpty(List<EmailAddress> addresses) {
        return addresses == null ? List.of() : addresses;
    }
}
