/**
 * The {@code nightly} job: the day aggregates of closed days, the move of final tasks of closed, fully aggregated
 * days to the historical {@code h_} facts, the purge of what is older than the tenant's retention, and the size of
 * the tenant's tables.
 */
package org.openiwd.etl.job.nightly;
