/** Delivery status notifications: the outbound item a bounce refers to is marked bounced. */
package org.openiwd.email.bounce;
