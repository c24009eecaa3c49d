/** One poller and sender per mailbox across replicas: a Redis lock with a lease. */
package org.openiwd.email.lease;
