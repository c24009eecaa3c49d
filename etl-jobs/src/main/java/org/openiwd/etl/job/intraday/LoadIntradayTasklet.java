package org.openiwd.etl.job.intraday;

import org.openiwd.etl.EtlProperties;
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
 * {@code loadIntraday}: one feed page per call, from the Data Mart's watermark (never from Spring Batch's own
 * state), written by {@link TaskEventFactWriter}. Spring Batch runs each call in its own transaction on the Data
 * Mart database, so the page, its watermark and the step's counts commit together; it calls again while pages
 * come back full, so a run catches up however far behind it is. While a full page is written, {@link NextPageReader}
 * already reads the next one.
 */
@Component
class LoadIntradayTasklet implements Tasklet {

    private final NextPageReader pages;
    private final TaskEventFactWriter writer;
    private final TenantJobContext context;
    private final DataMartWatermarks watermarks;
    private final int pageSize;

    LoadIntradayTasklet(NextPageReader pages, TaskEventFactWriter writer, TenantJobContext context,
            DataMartWatermarks watermarks, EtlProperties properties) {
        this.pages = pages;
        this.writer = writer;
        this.context = context;
        this.watermarks = watermarks;
        this.pageSize = properties.load().pageSize();
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        DataMartTenant tenant = context.tenant(chunk);
        long after = watermarks.position(tenant, "task");
        FeedPage page = pages.take(tenant.id(), after, pageSize);
        if (page.size() == 0) {
            return RepeatStatus.FINISHED;
        }
        if (page.size() >= pageSize) {
            pages.readAhead(tenant.id(), page.next(), pageSize);
        }
        writer.write(tenant, after, page, context.auditKey(chunk));
        for (int i = 0; i < page.size(); i++) {
            contribution.incrementReadCount();
        }
        contribution.incrementWriteCount(page.events().size());
        contribution.incrementReadSkipCount(page.rejected().size());
        return page.size() < pageSize ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
    }
}
