package org.openiwd.etl.console.executions;

import java.util.List;

import org.openiwd.etl.operation.ExecutionDetail;

/**
 * One execution as its detail page shows it.
 *
 * @param detail parameters, exit message and steps
 * @param quarantined the items this run put in quarantine (at most {@link ExecutionConsole#QUARANTINE_LIMIT})
 * @param quarantinedTotal how many it put there in all
 */
public record ExecutionView(ExecutionDetail detail, List<QuarantinedItem> quarantined, long quarantinedTotal) {
}
