package org.openiwd.api.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tomcat's error report as a problem instead of an HTML page, for the errors Spring MVC never sees: a request
 * Tomcat refuses before any application code runs (an encoded slash, a NUL or invalid UTF-8 in the path, headers
 * over {@code server.max-http-request-header-size}: {@code malformed-request}, 400), and an exception thrown
 * outside Spring MVC, in a filter ({@code internal}, 500). No URL or message of the failed request is echoed.
 */
class ProblemErrorReportValve extends ErrorReportValve {

    private final JsonMapper json;

    ProblemErrorReportValve(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean(true);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        ProblemDetail problem = problem(status);
        try {
            response.setStatus(problem.getStatus());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(problem));
                response.finishResponse();
            }
        }
        catch (IOException | IllegalStateException e) {
            // The client is gone or the response was taken over; there is no one left to tell.
        }
    }

    private static ProblemDetail problem(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        String title = known == null ? "Error" : known.getReasonPhrase();
        return switch (status) {
            case 400 -> ApiProblem.problem(HttpStatus.BAD_REQUEST, "malformed-request", title,
                    "The request is not well-formed HTTP: check the URL's encoding and the size of the headers.");
            case 500 -> ApiProblem.problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "Internal error",
                    "The request failed; the server log has the details.");
            default -> ApiProblem.problem(HttpStatusCode.valueOf(status), "http-" + status, title, null);
        };
    }
}
