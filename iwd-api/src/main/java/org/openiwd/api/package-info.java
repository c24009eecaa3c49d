/**
 * The IWD API. Feature packages: {@code tenant} (provisioning and keys), {@code security} (who is calling),
 * {@code task} (work items), {@code lifecycle} (the state machine), {@code feed} (the reporting feeds and their
 * sequencer), {@code mailbox} (the mailboxes the email service polls, their sealed secrets and status),
 * {@code email} (inbound email items and the outbound queue), {@code web} (errors and request context shared by every
 * controller).
 */
package org.openiwd.api;
