package org.openiwd.api.web;

import java.net.URI;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.apache.tomcat.util.http.InvalidParameterException;
import org.openiwd.api.ApiProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Every error that reaches Spring MVC as {@code application/problem+json} with a stable type,
 * {@code urn:iwd:problem:<code>}; anything unexpected is a 500 problem without a stack trace. The features document
 * their own codes where they raise them; the codes given here, to errors of the request itself, are:
 * <ul>
 * <li>{@code malformed-body} (400): the body is not JSON of the expected shape: a syntax error, a value of the wrong
 *     type, an unknown or repeated field, content after the value, nesting deeper than the parser allows;</li>
 * <li>{@code validation} (400): fields break their constraints, listed in {@code errors};</li>
 * <li>{@code invalid-parameter} (400): a path or query parameter is not of its type, such as a task id that is not
 *     a decimal number or is beyond its range;</li>
 * <li>{@code missing-parameter} (400): a required query parameter or header is absent;</li>
 * <li>{@code malformed-request} (400): the request is not well-formed HTTP (a bad URL encoding, headers over
 *     {@code server.max-http-request-header-size}, parameters that cannot be parsed);</li>
 * <li>{@code invalid-value} (400): a value the API or the database cannot take, such as a text with a NUL
 *     character or a date out of the database's range;</li>
 * <li>{@code not-found} (404), {@code method-not-allowed} (405), {@code not-acceptable} (406);</li>
 * <li>{@code conflict} (409): the database refused a change as a duplicate or as naming a missing object;</li>
 * <li>{@code payload-too-large} (413): the body is over {@code iwd.api.max-request-size};</li>
 * <li>{@code unsupported-media-type} (415): the body is not {@code application/json};</li>
 * <li>{@code http-<status>}: any other error of the framework, by its status;</li>
 * <li>{@code internal} (500): a fault of the server; the log has the details, the response never does.</li>
 * </ul>
 * Requests refused before Spring MVC sees them get their problem from {@link ProblemErrorReportValve}.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final long maxRequestBytes;

    ProblemHandler(ApiProperties properties) {
        this.maxRequestBytes = properties.maxRequestSize().toBytes();
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ApiProblem.problem(HttpStatus.BAD_REQUEST, "validation", "Invalid request",
                "Some fields are invalid.");
        List<Map<String, String>> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> Map.of("field", e.getField(), "message", String.valueOf(e.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return ResponseEntity.badRequest().body(problem);
    }

    /** Unreadable JSON; also where a body over the size limit surfaces when it is crossed mid-parse. */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        var tooLarge = RequestTooLargeException.in(ex);
        if (tooLarge.isPresent()) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge.get().problem().getBody());
        }
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "malformed-body",
                "Malformed request body", unreadable(ex)));
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> entity = super.handleExceptionInternal(ex, body, headers, status, request);
        if (entity != null && entity.getBody() instanceof ProblemDetail problem
                && (problem.getType() == null || "about:blank".equals(problem.getType().toString()))) {
            problem.setType(URI.create(ApiProblem.TYPE_PREFIX + code(ex, status)));
            if (status.is5xxServerError()) {
                log.error("Request failed", ex);
                problem.setDetail("The request failed; the server log has the details.");
            }
        }
        return entity;
    }

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<ProblemDetail> invalidArgument(IllegalArgumentException ex) {
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-value",
                "Invalid value", ex.getMessage()));
    }

    /** Tomcat could not parse a POSTed form: over the size limit (413), or malformed. */
    @ExceptionHandler(InvalidParameterException.class)
    ResponseEntity<ProblemDetail> invalidForm(InvalidParameterException ex) {
        if (ex.getErrorCode() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .body(RequestTooLargeException.problem(maxRequestBytes).getBody());
        }
        return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "malformed-request",
                "Bad request", "The request's parameters cannot be parsed."));
    }

    /**
     * The database refused a value (SQL state class 22: a NUL character, a number or a date out of range) or a
     * change (class 23: integrity): input the API let through, so a 4xx; anything else is a fault of the server.
     */
    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<ProblemDetail> database(DataAccessException ex) {
        String state = sqlState(ex);
        if (state != null && state.startsWith("22")) {
            log.info("Database refused a value: {}", ex.getMostSpecificCause().getMessage());
            return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-value",
                    "Invalid value", "A value cannot be stored: it holds a NUL character or is out of range."));
        }
        if ("23505".equals(state) || "23503".equals(state)) {
            log.info("Database refused a change: {}", ex.getMostSpecificCause().getMessage());
            return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiProblem.problem(HttpStatus.CONFLICT,
                    "conflict", "Conflict", "The change conflicts with data stored meanwhile; read and retry."));
        }
        if (state != null && state.startsWith("23")) {
            log.info("Database refused a change: {}", ex.getMostSpecificCause().getMessage());
            return ResponseEntity.badRequest().body(ApiProblem.problem(HttpStatus.BAD_REQUEST, "invalid-value",
                    "Invalid value", "A value breaks a rule of the stored data."));
        }
        return unexpected(ex);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception ex) {
        var tooLarge = RequestTooLargeException.in(ex);
        if (tooLarge.isPresent()) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(tooLarge.get().problem().getBody());
        }
        log.error("Unexpected error", ex);
        return ResponseEntity.internalServerError().body(ApiProblem.problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal", "Internal error", "The request failed; the server log has the details."));
    }

    private static String code(Exception ex, HttpStatusCode status) {
        return switch (status.value()) {
            case 400 -> ex instanceof TypeMismatchException ? "invalid-parameter"
                    : ex instanceof ServletRequestBindingException ? "missing-parameter" : "http-400";
            case 404 -> "not-found";
            case 405 -> "method-not-allowed";
            case 406 -> "not-acceptable";
            case 413 -> "payload-too-large";
            case 415 -> "unsupported-media-type";
            case 500 -> "internal";
            default -> "http-" + status.value();
        };
    }

    /** What is wrong with an unreadable body, for people; never the parser's message, which names Java types. */
    private static String unreadable(HttpMessageNotReadableException ex) {
        Throwable cause = ex.getCause();
        return switch (cause) {
            case null -> "A JSON body is required.";
            case StreamConstraintsException e ->
                    "The body exceeds the parser's limits: nesting depth, or length of a number, name or text.";
            case UnrecognizedPropertyException e -> "Unknown field '" + e.getPropertyName() + "'.";
            case DatabindException e when !e.getPath().isEmpty() ->
                    "Field '" + path(e) + "' is missing a value or has a value of the wrong type.";
            case StreamReadException e -> "The body is not well-formed JSON (or repeats a field).";
            default -> "The body is not JSON of the expected shape.";
        };
    }

    private static String path(DatabindException e) {
        StringBuilder path = new StringBuilder();
        for (var reference : e.getPath()) {
            if (reference.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getPropertyName());
            }
            else {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String sqlState(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                return sql.getSQLState();
            }
        }
        return null;
    }
}
