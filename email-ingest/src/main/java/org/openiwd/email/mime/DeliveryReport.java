package org.openiwd.email.mime;

/**
 * A delivery status notification (RFC 3464, {@code multipart/report; report-type=delivery-status}).
 *
 * @param originalMessageId the Message-ID of the message it reports on, from its returned headers; null if absent
 * @param action {@code failed}, {@code delayed}, {@code delivered}, {@code relayed} or {@code expanded}
 * @param status the enhanced status code, e.g. {@code 5.1.1}
 * @param recipient the final recipient
 * @param diagnostic the remote server's answer, if given
 */
public record DeliveryReport(String originalMessageId, String action, String status, String recipient,
        String diagnostic) {

    /** A permanent failure: the message will not be delivered (an {@code failed} action or a 5.x.x status). */
    public boolean permanentFailure() {
        return "failed".equalsIgnoreCase(action) || (status != null && status.startsWith("5"));
    }

    /** A one-line reason for the bounced status of the outbound item. */
    public String reason() {
        StringBuilder reason = new StringBuilder("bounced");
        if (recipient != null) {
            reason.append(" by ").append(recipient);
        }
        if (status != null) {
            reason.append(": ").append(status);
        }
        if (diagnostic != null) {
            reason.append(" ").append(diagnostic);
        }
        return reason.toString();
    }
}
