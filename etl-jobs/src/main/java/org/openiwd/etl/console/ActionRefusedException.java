package org.openiwd.etl.console;

/**
 * The console refused an action before doing anything: a tenant another run holds, a wrong confirmation, a
 * schedule that does not exist. The message says why; the JSON API answers it with 409.
 */
public class ActionRefusedException extends RuntimeException {

    public ActionRefusedException(String message) {
        super(message);
    }
}
