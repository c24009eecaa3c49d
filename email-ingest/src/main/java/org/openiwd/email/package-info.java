/**
 * The email service. Feature packages: {@code api} (the IWD API as this service uses it). Mailbox polling and
 * outbound sending come with the email issue.
 */
package org.openiwd.email;
