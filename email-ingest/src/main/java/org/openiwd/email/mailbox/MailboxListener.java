package org.openiwd.email.mailbox;

/** Told by {@link MailboxRegistry} when a mailbox appears (or changes) and when it goes. Called on the reload thread. */
public interface MailboxListener {

    void loaded(TenantMailbox mailbox);

    void removed(TenantMailbox mailbox);
}
