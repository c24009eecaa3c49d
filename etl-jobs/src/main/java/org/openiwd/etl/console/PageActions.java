package org.openiwd.etl.console;

import org.openiwd.etl.console.audit.ConsoleAudit;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * How a console form's POST ends: the action runs, and the page it redirects to shows its message, in green when it
 * worked, in red when it was refused or failed (post/redirect/get, so a reload never repeats an action).
 */
public final class PageActions {

    private PageActions() {
    }

    /** An action that returns the message to show. */
    @FunctionalInterface
    public interface Action {
        String run() throws Exception;
    }

    /** Runs the action and returns {@code "redirect:" + target}, with the outcome as flash attributes. */
    public static String run(String target, RedirectAttributes attributes, Action action) {
        try {
            attributes.addFlashAttribute("flash", action.run());
            attributes.addFlashAttribute("flashError", false);
        }
        catch (Exception e) {
            attributes.addFlashAttribute("flash", (ConsoleAudit.isRefusal(e) ? "Refused: " : "Failed: ")
                    + e.getMessage());
            attributes.addFlashAttribute("flashError", true);
        }
        return "redirect:" + target;
    }
}
