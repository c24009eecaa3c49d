/**
 * The Data Mart's aggregates of the five subject areas ({@code task_classif}, {@code task_queue},
 * {@code task_agent}, {@code task_capt}, {@code task_age}): the 15-minute rows of re-aggregated intervals, the
 * {@code task_age} backlog snapshots, and the day rows of closed local days. Used by the intraday job and by
 * {@code nightly}; docs/aggregates.md defines every measure.
 */
package org.openiwd.etl.aggregate;
