package org.openiwd.api.lifecycle;

/** The states of a task (DESIGN §4.2). */
public enum TaskStatus {
    New, Queued, Assigned, Held, ErrorHeld, Completed, Canceled, Rejected;

    public boolean isFinal() {
        return this == Completed || this == Canceled || this == Rejected;
    }

    public boolean isHeld() {
        return this == Held || this == ErrorHeld;
    }
}
