package org.openiwd.email.api;

/**
 * The IWD API could not be reached, timed out, or answered 5xx or 429: nothing was acknowledged, the caller leaves
 * its messages where they are and tries again at its next round.
 */
public class ApiUnavailableException extends RuntimeException {

    public ApiUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
