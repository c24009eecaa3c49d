/**
 * Mailboxes: the tenant's IMAP/SMTP accounts that the email service polls and sends from. Their settings are
 * configuration objects of kind {@code mailbox} (versioned, with configuration events); their secrets are sealed
 * with AES-GCM in a table of their own and reach only the email role, through the credentials endpoint; their
 * connection status and IMAP position are what the email service reports (docs/email-api.md).
 */
package org.openiwd.api.mailbox;
