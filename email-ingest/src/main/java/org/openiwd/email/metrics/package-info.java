/**
 * The service's meters on its management port, named after the original's ({@code iwdEmail_...}), labelled with
 * tenant and mailbox, registered when a mailbox is loaded so that they show 0 before the first message.
 */
package org.openiwd.email.metrics;
