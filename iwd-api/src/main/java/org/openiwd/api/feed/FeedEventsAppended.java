package org.openiwd.api.feed;

/**
 * Published when events were appended to one feed: in the transaction that appended them, after whose commit the
 * {@link FeedSequencer} is nudged to give that feed's events positions, or after a statement that appended them on
 * its own (no transaction: it has committed), which nudges it at once.
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
