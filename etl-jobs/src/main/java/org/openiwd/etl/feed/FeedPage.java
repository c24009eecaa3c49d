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

    /** Consecutive pages (each read from the one before's {@code next}) as one page. */
    public static FeedPage concat(List<FeedPage> pages) {
        if (pages.size() == 1) {
            return pages.getFirst();
        }
        List<FeedEvent> events = new ArrayList<>();
        List<RejectedEvent> rejected = new ArrayList<>();
        for (FeedPage page : pages) {
            events.addAll(page.events);
            rejected.addAll(page.rejected);
        }
        return new FeedPage(events, rejected, pages.getLast().next);
    }
}
