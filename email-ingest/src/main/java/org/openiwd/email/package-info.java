/**
 * The email service. Feature packages: {@code mailbox} (the tenants' mailboxes from the API), {@code round} (the
 * scheduled round of each mailbox), {@code lease} (one poller per mailbox across replicas), {@code inbound} (IMAP
 * polling and submission), {@code mime} (parsing), {@code outbound} (SMTP sending), {@code oauth} (XOAUTH2 tokens),
 * {@code bounce} (delivery status notifications), {@code metrics}, and {@code api} (the IWD API as this service uses
 * it). See docs/email-service.md.
 */
package org.openiwd.email;
