package org.openiwd.api.mailbox;

import java.util.Optional;

import org.openiwd.api.security.Caller;
import org.springframework.stereotype.Component;

/**
 * What other features may know of a tenant's mailboxes: where a mailbox's messages are routed and what it sends
 * from. Never a secret. Joins the caller's transaction.
 */
@Component
public class Mailboxes {

    private final MailboxService service;

    Mailboxes(MailboxService service) {
        this.service = service;
    }

    /**
     * A mailbox as routing and sending see it.
     *
     * @param address the mailbox's own address, the From of what it sends
     * @param sends whether it has outbound settings
     * @param live false once retired
     */
    public record Route(String id, String address, String displayName, Routing routing, boolean autoAcknowledge,
            boolean sends, boolean live) {

        /** The domain of its address, for the Message-IDs of what it sends. */
        public String domain() {
            return address.substring(address.indexOf('@') + 1);
        }
    }

    /** The caller's tenant's mailbox with this id, live or retired; empty when there never was one. */
    public Optional<Route> find(Caller caller, String mailboxId) {
        return service.route(caller, mailboxId);
    }

    /** The caller's tenant's live default outbound mailbox, if it has one. */
    public Optional<Route> defaultOutbound(Caller caller) {
        return service.defaultOutbound(caller);
    }
}
