package org.openiwd.etl.console.executions;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Job parameters as a person types them in the launch form: one {@code name=value} per line. Names are letters,
 * digits, '.', '_' and '-'; {@code tenant} and {@code launchedAt} are the runner's own and refused.
 */
final class LaunchParameters {

    private LaunchParameters() {
    }

    static Map<String, String> parse(String text) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (text == null) {
            return parameters;
        }
        for (String line : text.split("\\R")) {
            if (line.isBlank()) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("Parameter line '" + line.strip() + "' is not name=value");
            }
            parameters.put(line.substring(0, equals).strip(), line.substring(equals + 1).strip());
        }
        return check(parameters);
    }

    static Map<String, String> check(Map<String, String> parameters) {
        for (String name : parameters.keySet()) {
            if (!name.matches("[A-Za-z0-9._-]{1,100}")) {
                throw new IllegalArgumentException("Parameter name '" + name + "' is not allowed (letters, digits,"
                        + " '.', '_', '-')");
            }
            if (name.equals("tenant") || name.equals("launchedAt")) {
                throw new IllegalArgumentException("Parameter '" + name + "' is set by the console itself");
            }
        }
        return parameters;
    }
}
