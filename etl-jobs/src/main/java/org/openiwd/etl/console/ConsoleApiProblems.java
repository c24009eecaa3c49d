package org.openiwd.etl.console;

import java.net.URI;

import org.openiwd.etl.job.EtlJobRunner;
import org.openiwd.etl.operation.ExecutionStateException;
import org.openiwd.etl.operation.NoSuchExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Errors of the console's JSON API as RFC 9457 problems with a stable {@code type}: 400 bad input, 404 unknown
 * execution, 409 an action the state, a lock or a confirmation refuses, 500 anything else (logged, with no stack
 * trace in the answer). 401 and 403 come from {@link ConsoleSecurity}.
 */
@RestControllerAdvice(annotations = org.springframework.web.bind.annotation.RestController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleApiProblems {

    private static final Logger log = LoggerFactory.getLogger(ConsoleApiProblems.class);

    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badInput(IllegalArgumentException e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
    }

    @ExceptionHandler(NoSuchExecutionException.class)
    ProblemDetail notFound(NoSuchExecutionException e) {
        return problem(HttpStatus.NOT_FOUND, "no-such-execution", e.getMessage());
    }

    @ExceptionHandler(ExecutionStateException.class)
    ProblemDetail state(ExecutionStateException e) {
        return problem(HttpStatus.CONFLICT, "execution-state", e.getMessage());
    }

    @ExceptionHandler(EtlJobRunner.TenantBusyException.class)
    ProblemDetail busy(EtlJobRunner.TenantBusyException e) {
        return problem(HttpStatus.CONFLICT, "tenant-busy", e.getMessage());
    }

    @ExceptionHandler(ActionRefusedException.class)
    ProblemDetail refused(ActionRefusedException e) {
        return problem(HttpStatus.CONFLICT, "action-refused", e.getMessage());
    }

    @ExceptionHandler(org.springframework.security.access.AccessDeniedException.class)
    ProblemDetail denied(org.springframework.security.access.AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Your role does not allow this");
    }

    @ExceptionHandler(org.springframework.web.bind.MissingServletRequestParameterException.class)
    ProblemDetail missing(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", e.getMessage());
    }

    @ExceptionHandler({org.springframework.http.converter.HttpMessageNotReadableException.class,
        org.springframework.web.method.annotation.MethodArgumentTypeMismatchException.class})
    ProblemDetail unreadable(Exception e) {
        return problem(HttpStatus.BAD_REQUEST, "invalid-input", "The request could not be read: "
                + e.getMessage());
    }

    @ExceptionHandler(Exception.class)
    ProblemDetail failed(Exception e) {
        log.error("Console API call failed", e);
        return problem(HttpStatus.INTERNAL_SERVER_ERROR, "failed", "The call failed ("
                + e.getClass().getSimpleName() + "); the etl-jobs log has the details");
    }

    private static ProblemDetail problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:iwd:console:" + type));
        return problem;
    }
}
