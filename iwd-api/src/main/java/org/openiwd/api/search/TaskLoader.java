package org.openiwd.api.search;

import java.util.List;

/**
 * Loads the tasks a search found, as {@code GET /tasks/{id}} shows them, so both backends answer with the same,
 * current, representation. Provided by the task feature.
 */
public interface TaskLoader {

    /** The tenant's tasks with these ids in the order given, leaving out ids that are not the tenant's tasks. */
    List<?> load(String tenantId, List<Long> taskIds);
}
