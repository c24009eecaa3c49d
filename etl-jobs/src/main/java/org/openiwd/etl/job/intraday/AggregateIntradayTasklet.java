package org.openiwd.etl.job.intraday;

import org.openiwd.etl.aggregate.IntradayAggregator;
import org.openiwd.etl.job.TenantJobContext;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * {@code aggregateIntraday}: the touched intervals, re-aggregated by {@link IntradayAggregator#aggregateCommitted} in
 * the step's transaction, the backlog snapshots beside it in their own.
 */
@Component
class AggregateIntradayTasklet implements Tasklet {

    private final IntradayAggregator aggregator;
    private final TenantJobContext context;

    AggregateIntradayTasklet(IntradayAggregator aggregator, TenantJobContext context) {
        this.aggregator = aggregator;
        this.context = context;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        int intervals = aggregator.aggregateCommitted(context.tenant(chunk), context.auditKey(chunk));
        contribution.incrementWriteCount(intervals);
        return RepeatStatus.FINISHED;
    }
}
