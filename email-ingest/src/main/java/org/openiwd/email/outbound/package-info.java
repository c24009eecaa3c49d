/**
 * Outbound mail: the items queued in the API for a mailbox, sent over SMTP from that mailbox (or the tenant's
 * default outbound one) with their threading headers, and reported sent, retry (with back-off) or failed.
 */
package org.openiwd.email.outbound;
