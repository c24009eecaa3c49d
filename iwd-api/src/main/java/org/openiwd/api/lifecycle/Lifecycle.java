package org.openiwd.api.lifecycle;

/**
 * The task state machine of DESIGN §4.2 as one pure function: which state an action leads to from a state, or
 * {@link InvalidTransitionException} when the table has 409 there. Restart leads to {@code New}; queueing it
 * again when it is classified is the caller's second step, with its own event.
 */
public final class Lifecycle {

    private Lifecycle() {
    }

    /**
     * @param from the task's state
     * @param action what is asked
     * @param toAgent for {@code transfer}: whether the target is an agent (else a queue)
     * @param heldFrom for {@code resume}: the state the hold came from
     */
    public static TaskStatus next(TaskStatus from, TaskAction action, boolean toAgent, TaskStatus heldFrom) {
        if (from.isFinal()) {
            throw new InvalidTransitionException(from, action);
        }
        boolean held = from.isHeld();
        return switch (action) {
            case ASSIGN -> held ? reject(from, action) : TaskStatus.Assigned;
            case TRANSFER -> held ? reject(from, action) : toAgent ? TaskStatus.Assigned : TaskStatus.Queued;
            case COMPLETE -> TaskStatus.Completed;
            case CANCEL -> TaskStatus.Canceled;
            case REJECT -> TaskStatus.Rejected;
            case HOLD -> held ? reject(from, action) : TaskStatus.Held;
            case RESUME -> held && heldFrom != null ? heldFrom : reject(from, action);
            case RESTART -> TaskStatus.New;
        };
    }

    private static TaskStatus reject(TaskStatus from, TaskAction action) {
        throw new InvalidTransitionException(from, action);
    }

    /** The action is not allowed in the task's state. */
    public static class InvalidTransitionException extends RuntimeException {

        private final TaskStatus from;
        private final TaskAction action;

        InvalidTransitionException(TaskStatus from, TaskAction action) {
            super("Action " + action.wireName() + " is not allowed on a task in state " + from + ".");
            this.from = from;
            this.action = action;
        }

        public TaskStatus from() {
            return from;
        }

        public TaskAction action() {
            return action;
        }
    }
}
