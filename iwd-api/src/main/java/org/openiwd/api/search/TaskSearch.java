package org.openiwd.api.search;

/**
 * A search backend. Both answer a {@link TaskQuery} alike (same matches, same order, same cursors); that is what
 * {@code TaskSearchContractTest} checks against each.
 */
interface TaskSearch {

    /** The page of {@code tenantId}'s tasks that {@code query} asks for; only ever that tenant's tasks. */
    SearchPage search(String tenantId, TaskQuery query);
}
