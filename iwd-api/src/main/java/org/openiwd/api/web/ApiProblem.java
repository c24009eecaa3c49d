package org.openiwd.api.web;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * An RFC 9457 problem with a stable {@code type} ({@code urn:iwd:problem:<code>}) that clients can switch on;
 * the {@code detail} is for people and may change.
 */
public class ApiProblem extends ErrorResponseException {

    public static final String TYPE_PREFIX = "urn:iwd:problem:";

    public ApiProblem(HttpStatusCode status, String code, String title, String detail) {
        super(status, problem(status, code, title, detail), null);
    }

    public static ProblemDetail problem(HttpStatusCode status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + code));
        problem.setTitle(title);
        return problem;
    }

    public static ApiProblem unauthorized() {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
                "A valid x-api-key header is required.");
    }

    public static ApiProblem forbidden(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", detail);
    }

    public static ApiProblem notFound(String what) {
        return new ApiProblem(HttpStatus.NOT_FOUND, "not-found", "Not found", what + " does not exist.");
    }

    public static ApiProblem badRequest(String code, String detail) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, code, "Bad request", detail);
    }

    public static ApiProblem conflict(String code, String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, code, "Conflict", detail);
    }

    public String code() {
        return getBody().getType().toString().substring(TYPE_PREFIX.length());
    }
}
