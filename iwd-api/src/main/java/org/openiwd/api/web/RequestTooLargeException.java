package org.openiwd.api.web;

import java.io.IOException;
import java.util.Optional;

import org.springframework.http.HttpStatus;
import org.springframework.util.unit.DataSize;

/**
 * Reading a request body crossed {@code iwd.api.max-request-size}. An {@link IOException}, as a failing read is,
 * so that whatever is reading (Jackson mid-parse, a servlet) passes it on as the cause of its own failure;
 * {@link #in(Throwable)} finds it there, and it becomes a 413 problem.
 */
class RequestTooLargeException extends IOException {

    private final long limitBytes;

    RequestTooLargeException(DataSize limit) {
        super("request body over " + limit.toBytes() + " bytes");
        this.limitBytes = limit.toBytes();
    }

    ApiProblem problem() {
        return problem(limitBytes);
    }

    static ApiProblem problem(long limitBytes) {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "payload-too-large", "Payload too large",
                "The request body is larger than the limit of " + limitBytes + " bytes.");
    }

    /** This exception in {@code failure} or among its causes. */
    static Optional<RequestTooLargeException> in(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RequestTooLargeException tooLarge) {
                return Optional.of(tooLarge);
            }
        }
        return Optional.empty();
    }
}
