package org.openiwd.api.lifecycle;

/** The reporting event types of the feed. */
public enum TaskEventType {
    Created, Updated, Queued, Assigned, Transferred, Held, Resumed, Restarted, Reprioritized, Completed, Canceled,
    Rejected, ErrorHeld
}
