package org.openiwd.api.feed;

/**
 * Published in a transaction that appended task or configuration events; after that transaction commits the
 * {@link FeedSequencer} is nudged to give them feed positions at once.
 */
public enum FeedEventsAppended {
    INSTANCE
}
