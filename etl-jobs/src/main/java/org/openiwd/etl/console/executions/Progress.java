package org.openiwd.etl.console.executions;

import java.util.List;

import org.openiwd.etl.operation.ExecutionSummary;
import org.openiwd.etl.operation.StepSummary;

/**
 * How far a running execution has got. Rates come from two samples: the caller's previous one (its
 * {@code sampledAt}, {@code itemsDone} and {@code feedPosition}) and this one; without a previous sample, from the
 * time since the execution started. The estimate of the time left is the distance from the tenant's watermark to
 * the head of its feed, divided by the rate at which the watermark moves; it is null while no rate is known or for
 * a job that does not read the feed.
 *
 * @param summary the execution
 * @param steps its steps with their counts so far
 * @param itemsDone items read by its steps so far (feed events, for the loads)
 * @param itemsPerSecond the read rate, or null
 * @param feedPosition the tenant's task watermark now
 * @param feedHead the newest position of the tenant's feed, or null when the API did not answer
 * @param secondsLeft the estimate of the time left, or null
 * @param sampledAt this sample's time, epoch milliseconds
 * @param note why a value is missing, or null
 */
public record Progress(ExecutionSummary summary, List<StepSummary> steps, long itemsDone, Double itemsPerSecond, long feedPosition,
        Long feedHead, Double secondsLeft, long sampledAt, String note) {

    /** A previous sample, as the page sends it back. */
    public record Sample(long sampledAt, long itemsDone, long feedPosition) {
    }
}
