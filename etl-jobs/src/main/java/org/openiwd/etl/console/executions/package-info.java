/**
 * The console's executions: the filtered, paged list, one execution's detail (parameters, steps with their counts
 * and exit messages, the quarantined items of the run), the live progress of a running one, and the actions on
 * them (launch, stop, restart, abandon, recover), as pages under {@code /console/executions} and JSON under
 * {@code /console/api/executions}. Launches and restarts run on the console's own executor: the request returns
 * once the execution exists, not when it ends.
 */
package org.openiwd.etl.console.executions;
