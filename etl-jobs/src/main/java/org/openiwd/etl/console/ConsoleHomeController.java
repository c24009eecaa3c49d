package org.openiwd.etl.console;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/** {@code /console} opens the jobs overview. */
@Controller
class ConsoleHomeController {

    @GetMapping({"/console", "/console/"})
    String home() {
        return "forward:/console/jobs";
    }
}
