package org.openiwd.etl.job.intraday;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.openiwd.etl.feed.FeedEvent;

/**
 * The distinct dimension ids a page of events names, collected in one pass over the events (hash sets: a page has
 * 10 000 events and a few hundred ids; whoever needs an order sorts). {@code processes} maps each process id to a
 * department its events name, if any does: the department a placeholder process belongs to.
 */
record PageIds(Set<String> solutions, Set<String> categories, Set<String> capturePoints, Set<String> queues,
        Set<String> agents, Set<String> mediaTypes, Set<String> resultCodes, Set<String> departments,
        Map<String, String> processes) {

    static PageIds of(List<FeedEvent> events) {
        PageIds ids = new PageIds(new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(),
                new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashSet<>(), new HashMap<>());
        for (FeedEvent e : events) {
            add(ids.solutions, e.solutionId());
            add(ids.categories, e.categoryId());
            add(ids.capturePoints, e.capturePointId());
            add(ids.queues, e.queueId());
            add(ids.queues, e.previousQueueId());
            add(ids.agents, e.agentId());
            add(ids.agents, e.previousAgentId());
            add(ids.mediaTypes, e.mediaType());
            add(ids.resultCodes, e.resultCode());
            add(ids.departments, e.departmentId());
            if (e.processId() != null && ids.processes.get(e.processId()) == null) {
                ids.processes.put(e.processId(), e.departmentId());
            }
        }
        return ids;
    }

    private static void add(Set<String> set, String id) {
        if (id != null) {
            set.add(id);
        }
    }
}
