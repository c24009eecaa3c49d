/**
 * Executions left running by a crashed process: each running execution's heartbeat ({@code etl.job_heartbeat}),
 * and the detector that finds executions whose heartbeat stopped, recovers them with Spring Batch's
 * {@code JobOperator.recover} and frees their tenant's lease, so they can be restarted.
 */
package org.openiwd.etl.recovery;
