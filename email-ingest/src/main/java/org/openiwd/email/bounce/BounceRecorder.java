package org.openiwd.email.bounce;

import org.openiwd.email.api.IwdEmailApi;
import org.openiwd.email.api.OutboundEmail;
import org.openiwd.email.mime.DeliveryReport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Marks the outbound item a delivery status notification refers to (by the Message-ID of its returned headers,
 * {@code GET /emails/outbound?messageId=}) as {@code bounced} with the report's reason, when the report is a
 * permanent failure. Delays and successful delivery reports change nothing. Idempotent: a final item does not change
 * again. An API outage propagates, so the report stays in the mailbox and is read again at the next poll.
 */
@Component
public class BounceRecorder {

    private static final Logger log = LoggerFactory.getLogger(BounceRecorder.class);

    private final IwdEmailApi api;

    public BounceRecorder(IwdEmailApi api) {
        this.api = api;
    }

    /** Returns whether an outbound item was marked bounced now. */
    public boolean record(String tenantId, DeliveryReport report) {
        if (!report.permanentFailure() || report.originalMessageId() == null) {
            return false;
        }
        return api.outboundByMessageId(tenantId, report.originalMessageId())
                .filter(item -> !item.isFinal())
                .map(item -> {
                    boolean changed = api.putOutboundStatus(tenantId, item.id(),
                            new OutboundEmail.StatusUpdate("bounced", report.reason(), null));
                    log.info("Outbound {} ({}) of tenant {} {}: {}", item.id(), report.originalMessageId(), tenantId,
                            changed ? "marked bounced" : "already final", report.reason());
                    return changed;
                })
                .orElse(false);
    }
}
