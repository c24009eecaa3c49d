package org.openiwd.etl.console;

import org.openiwd.etl.console.audit.ConsoleAudit;
import org.openiwd.etl.operation.NoSuchExecutionException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/** A console page that cannot be shown answers with the layout and the reason, never a stack trace. */
@ControllerAdvice(basePackages = "org.openiwd.etl.console")
class ConsolePageErrors {

    @ExceptionHandler(AccessDeniedException.class)
    void denied(AccessDeniedException e) {
        throw e;
    }

    @ExceptionHandler(Exception.class)
    ModelAndView error(Exception e) {
        HttpStatus status = e instanceof NoSuchExecutionException ? HttpStatus.NOT_FOUND
                : ConsoleAudit.isRefusal(e) ? HttpStatus.BAD_REQUEST : HttpStatus.INTERNAL_SERVER_ERROR;
        ModelAndView page = new ModelAndView("console/error", status);
        page.addObject("message", e.getMessage() == null ? e.toString() : e.getMessage());
        page.addObject("consoleUser", ConsoleUser.current().orElse(new ConsoleUser("anonymous", null)));
        return page;
    }
}
