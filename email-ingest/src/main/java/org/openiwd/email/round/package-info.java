/**
 * The rounds of the mailboxes: each enabled mailbox, when its poll interval has passed, gets a round (poll its
 * inbox, then send its queued mail, then report its status) on a virtual thread, under its lease, at most
 * {@code iwd.email.mailboxes.max-concurrent} at once. A mailbox that fails or hangs holds up only itself.
 */
package org.openiwd.email.round;
