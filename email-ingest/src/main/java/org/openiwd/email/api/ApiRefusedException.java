package org.openiwd.email.api;

/**
 * The IWD API answered 4xx (other than 429): the request itself is wrong for the API (a key refused, a mailbox
 * deleted, a message too large), and sending it again unchanged will not help.
 */
public class ApiRefusedException extends RuntimeException {

    private final int status;
    private final String problemType;

    public ApiRefusedException(int status, String problemType, String message) {
        super(message);
        this.status = status;
        this.problemType = problemType;
    }

    public int status() {
        return status;
    }

    /** The problem+json {@code type} (or null), e.g. {@code email-too-large}. */
    public String problemType() {
        return problemType;
    }
}
