/** The runtime cache: Redis when it is there (shared entries, invalidation across replicas, rate limits). */
package org.openiwd.api.cache;
