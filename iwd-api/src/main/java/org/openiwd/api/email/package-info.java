/**
 * Email items: inbound messages submitted by the email service (idempotent on mailbox and Message-ID, each parsed
 * one with its task, replies linked to their thread's first task, unparsable ones kept with their raw source), and
 * the outbound queue the email service sends from (docs/email-api.md).
 */
package org.openiwd.api.email;
