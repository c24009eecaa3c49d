package org.openiwd.email.mailbox;

import org.openiwd.email.api.Mailbox;

/** A mailbox with its tenant: mailbox ids are unique only within a tenant. */
public record TenantMailbox(String tenantId, Mailbox mailbox) {

    /** {@code tenant/mailbox}: unique across the platform. */
    public String key() {
        return tenantId + "/" + mailbox.id();
    }

    public String id() {
        return mailbox.id();
    }
}
