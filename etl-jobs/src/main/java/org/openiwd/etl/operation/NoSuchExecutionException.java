package org.openiwd.etl.operation;

/** No job execution has this id. */
public class NoSuchExecutionException extends RuntimeException {

    NoSuchExecutionException(long executionId) {
        super("No job execution " + executionId);
    }
}
