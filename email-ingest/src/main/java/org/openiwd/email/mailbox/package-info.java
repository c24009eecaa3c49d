/**
 * The tenants' mailboxes as the API lists them, reloaded on a timer, and the scheduler that gives each enabled
 * mailbox its rounds (poll, then send) on virtual threads under the mailbox's lease.
 */
package org.openiwd.email.mailbox;
