package org.openiwd.etl.feed;

import java.util.ArrayList;
import java.util.List;

/**
 * One page of the task event feed: the valid events, the ones refused with the reason, and the cursor to read
 * after this page (the position of its last event, valid or not).
 */
public record FeedPage(List<FeedEvent> events, List<RejectedEvent> rejected, long next) {

    /** An event the load cannot take: its raw JSON and why. {@code id} is null when the event had none. */
    public record RejectedEvent(Long id, String rawPayload, String reason) {
    }

    public int size() {
        return events.size() + rejected.size();
    }

    /** This page and {@code after}, the page read from this page's {@code next}, as one page. */
    public FeedPage followedBy(FeedPage after) {
        List<FeedEvent> allEvents = new ArrayList<>(events.size() + after.events.size());
        allEvents.addAll(events);
        allEvents.addAll(after.events);
        List<RejectedEvent> allRejected = new ArrayList<>(rejected.size() + after.rejected.size());
        allRejected.addAll(rejected);
        allRejected.addAll(after.rejected);
        return new FeedPage(allEvents, allRejected, after.next);
    }
}
