package org.openiwd.etl.job.intraday;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.openiwd.etl.feed.FeedEvent;

/**
 * The distinct dimension ids a page of events names, collected in one pass over the events, sorted (so that
 * concurrent inserts of the same ids take their locks in order). {@code processes} maps each process id to a
 * department its events name, if any does: the department a placeholder process belongs to.
 */
record PageIds(Set<String> solutions, Set<String> categories, Set<String> capturePoints, Set<String> queues,
        Set<String> agents, Set<String> mediaTypes, Set<String> resultCodes, Set<String> departments,
        Map<String, String> processes) {

    static PageIds of(List<FeedEvent> events) {
        PageIds ids = new PageIds(new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(),
                new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeMap<>());
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
