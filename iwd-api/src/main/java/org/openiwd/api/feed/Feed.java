package org.openiwd.api.feed;

/** The two reporting feeds and the tables behind them. */
enum Feed {
    TASK("task", "task_event"),
    CONFIG("config", "config_event");

    private final String name;
    private final String table;

    Feed(String name, String table) {
        this.name = name;
        this.table = table;
    }

    /** The key of this feed in {@code feed_sequencer}. */
    String sequencerKey() {
        return name;
    }

    String table() {
        return table;
    }
}
