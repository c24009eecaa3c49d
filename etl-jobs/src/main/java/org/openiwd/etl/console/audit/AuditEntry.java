package org.openiwd.etl.console.audit;

import java.time.OffsetDateTime;

/**
 * One operator action.
 *
 * @param id its position in the log
 * @param at when it was done (database time)
 * @param username who did it
 * @param action what was asked ({@code launch}, {@code stop}, {@code schedule.pause}...)
 * @param tenantId the tenant it concerned, or null
 * @param target the execution, job or schedule it concerned, or null
 * @param outcome {@code OK}, {@code REFUSED} (nothing changed: state, lock or input did not allow it) or
 *     {@code FAILED} (tried and failed)
 * @param details parameters and the result or reason
 */
public record AuditEntry(long id, OffsetDateTime at, String username, String action, String tenantId, String target,
        Outcome outcome, String details) {

    /** How an action ended. */
    public enum Outcome {
        OK, REFUSED, FAILED
    }
}
