/**
 * Inbound mail: a mailbox's IMAP folder polled by UID from the position the API keeps, each message parsed and
 * submitted to the API, and only then marked {@code \Seen} and moved to the processed or unparsable folder.
 */
package org.openiwd.email.inbound;
