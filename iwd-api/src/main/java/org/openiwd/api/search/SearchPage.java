package org.openiwd.api.search;

import java.util.List;

/**
 * One page of a search as a backend answers it: the ids of the matching tasks in order, and the position after
 * the last of them when more tasks match, else null.
 */
record SearchPage(List<Long> taskIds, SearchCursor next) {
}
