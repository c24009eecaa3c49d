package org.openiwd.etl.console;

import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives every console page what the shared layout ({@code templates/console/layout.html}) shows: the signed-in
 * user, with the role that decides which buttons appear, to every {@code @Controller} (page controllers of any
 * package may use the layout). The buttons are a convenience: the security rules of {@link ConsoleSecurity} decide.
 */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class ConsoleLayoutAdvice {

    @ModelAttribute("consoleUser")
    ConsoleUser consoleUser() {
        return ConsoleUser.current().orElse(new ConsoleUser("anonymous", null));
    }
}
