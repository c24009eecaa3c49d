package org.openiwd.etl.job.intraday;

import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.job.DataMartWatermarks;
import org.openiwd.etl.job.TenantJobContext;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * {@code loadIntraday}: one batch of consecutive feed pages per call ({@code iwd.etl.load.pages-per-transaction},
 * fewer at the end of the feed), from the Data Mart's watermark (never from Spring Batch's own state), written by
 * {@link TaskEventFactWriter} as one page. Spring Batch runs each call in its own transaction on the Data Mart
 * database, so the batch, its watermark and the step's counts commit together; it calls again while batches come
 * back full, so a run catches up however far behind it is. While a full batch is written, {@link NextPageReader}
 * already reads the next one. A task's events spread over several pages, so a batch writes its task and work rows
 * once where a transaction per page wrote them once per page.
 */
@Component
class LoadIntradayTasklet implements Tasklet {

    private final NextPageReader pages;
    private final TaskEventFactWriter writer;
    private final TenantJobContext context;
    private final DataMartWatermarks watermarks;

    LoadIntradayTasklet(NextPageReader pages, TaskEventFactWriter writer, TenantJobContext context,
            DataMartWatermarks watermarks) {
        this.pages = pages;
        this.writer = writer;
        this.context = context;
        this.watermarks = watermarks;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        DataMartTenant tenant = context.tenant(chunk);
        long after = watermarks.position(tenant, "task");
        LoadBatch batch = pages.take(tenant.id(), after);
        FeedPage page = batch.page();
        if (page.size() == 0) {
            return RepeatStatus.FINISHED;
        }
        boolean full = pages.isFull(batch);
        if (full) {
            pages.readAhead(tenant.id(), page.next());
        }
        writer.write(tenant, after, batch, context.auditKey(chunk));
        for (int i = 0; i < page.size(); i++) {
            contribution.incrementReadCount();
        }
        contribution.incrementWriteCount(page.events().size());
        contribution.incrementReadSkipCount(page.rejected().size());
        return full ? RepeatStatus.CONTINUABLE : RepeatStatus.FINISHED;
    }
}
