package org.openiwd.api.feed;

/**
 * Published in a transaction that appended events to one feed; after that transaction commits the
 * {@link FeedSequencer} is nudged to give that feed's events positions at once.
 */
public enum FeedEventsAppended {
    /** Task events ({@code task_event}). */
    TASK(Feed.TASK),
    /** Configuration events ({@code config_event}). */
    CONFIG(Feed.CONFIG);

    private final Feed feed;

    FeedEventsAppended(Feed feed) {
        this.feed = feed;
    }

    Feed feed() {
        return feed;
    }
}
