package org.openiwd.etl.operation;

/**
 * The operation is impossible in the execution's state (restart of a completed execution, stop of a finished one,
 * recovery of a live one...); nothing was changed. The message says why and what would work.
 */
public class ExecutionStateException extends RuntimeException {

    ExecutionStateException(String message) {
        super(message);
    }
}
