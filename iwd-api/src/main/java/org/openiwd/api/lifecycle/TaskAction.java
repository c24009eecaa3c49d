package org.openiwd.api.lifecycle;

import java.util.Locale;

/** What a caller can do to a task with {@code POST /tasks/{id}/{action}}, and the event each one appends. */
public enum TaskAction {
    ASSIGN(TaskEventType.Assigned),
    TRANSFER(TaskEventType.Transferred),
    COMPLETE(TaskEventType.Completed),
    CANCEL(TaskEventType.Canceled),
    REJECT(TaskEventType.Rejected),
    HOLD(TaskEventType.Held),
    RESUME(TaskEventType.Resumed),
    RESTART(TaskEventType.Restarted);

    private final TaskEventType eventType;

    TaskAction(TaskEventType eventType) {
        this.eventType = eventType;
    }

    public TaskEventType eventType() {
        return eventType;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The action named in a URL path; {@link IllegalArgumentException} for anything else. */
    public static TaskAction fromPath(String value) {
        for (TaskAction action : values()) {
            if (action.wireName().equals(value)) {
                return action;
            }
        }
        throw new IllegalArgumentException("unknown action '" + value + "'");
    }
}
