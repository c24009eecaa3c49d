package org.openiwd.api.email;

import java.nio.charset.StandardCharsets;

import org.openiwd.api.EmailProperties;
import org.openiwd.api.web.ApiProblem;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The size limits of messages stored in IWD: each decoded attachment within {@code iwd.api.email.max-attachment-size},
 * the sum of a message's decoded attachments, bodies and raw source within {@code iwd.api.email.max-message-size};
 * beyond them, 413 {@code email-too-large}.
 */
@Component
class EmailLimits {

    private final long maxAttachment;
    private final long maxMessage;

    EmailLimits(EmailProperties properties) {
        this.maxAttachment = properties.maxAttachmentSize().toBytes();
        this.maxMessage = properties.maxMessageSize().toBytes();
    }

    /** Counts a message's parts as they are added, and refuses the message as soon as one breaks a limit. */
    Counter counter() {
        return new Counter();
    }

    final class Counter {

        private long total;

        Counter attachment(String fileName, byte[] content) {
            if (content != null) {
                if (content.length > maxAttachment) {
                    throw tooLarge("Attachment " + (fileName == null ? "(unnamed)" : "'" + fileName + "'") + " has "
                            + content.length + " bytes; at most " + maxAttachment + " are stored.");
                }
                add(content.length);
            }
            return this;
        }

        Counter text(String text) {
            if (text != null) {
                add(text.getBytes(StandardCharsets.UTF_8).length);
            }
            return this;
        }

        Counter bytes(byte[] bytes) {
            if (bytes != null) {
                add(bytes.length);
            }
            return this;
        }

        /** Bytes counted elsewhere (attachments copied from a stored message). */
        Counter count(long bytes) {
            add(bytes);
            return this;
        }

        private void add(long bytes) {
            total += bytes;
            if (total > maxMessage) {
                throw tooLarge("The message's bodies, attachments and raw source exceed " + maxMessage
                        + " bytes, the most stored for one message.");
            }
        }
    }

    private static ApiProblem tooLarge(String detail) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "email-too-large", "Email too large", detail);
    }
}
