package org.openiwd.email.mime;

/**
 * An attachment or inline part.
 *
 * @param content the decoded bytes, null when blocked
 * @param size the decoded size in bytes (also of a blocked one)
 * @param contentId the Content-ID without angle brackets, or null
 * @param inline shown in the body (an image the HTML refers to) rather than attached
 * @param blockedReason why the content was not kept, or null
 */
public record ParsedAttachment(String fileName, String contentType, byte[] content, long size, String contentId,
        boolean inline, String blockedReason) {

    public boolean blocked() {
        return blockedReason != null;
    }
}
