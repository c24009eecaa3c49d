package org.openiwd.api.feed;

/**
 * The two reporting feeds: task events (positions in {@code task_event_position}) and configuration events
 * (positions in {@code config_event.feed_id}).
 */
enum Feed {
    TASK("task"),
    CONFIG("config");

    private final String name;

    Feed(String name) {
        this.name = name;
    }

    /** The key of this feed in {@code feed_sequencer}. */
    String sequencerKey() {
        return name;
    }
}
