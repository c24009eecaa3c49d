package org.openiwd.etl.job.config;

import org.openiwd.etl.feed.ConfigPage;
import org.openiwd.etl.feed.IwdApiClient;
import org.openiwd.etl.job.DataMartWatermarks;
import org.openiwd.etl.job.TenantJobContext;
import org.openiwd.etl.tenant.DataMartTenant;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/**
 * {@code loadConfig}: the configuration feed from the Data Mart's {@code config} watermark into the dimensions,
 * one page per call and per transaction, until a page comes back short.
 */
@Component
class LoadConfigTasklet implements Tasklet {

    static final int PAGE_SIZE = 1000;

    private final IwdApiClient api;
    private final ConfigDimensionWriter writer;
    private final TenantJobContext context;
    private final DataMartWatermarks watermarks;

    LoadConfigTasklet(IwdApiClient api, ConfigDimensionWriter writer, TenantJobContext context,
            DataMartWatermarks watermarks) {
        this.api = api;
        this.writer = writer;
        this.context = context;
        this.watermarks = watermarks;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        DataMartTenant tenant = context.tenant(chunk);
        long after = watermarks.position(tenant, "config");
        ConfigPage page = api.configEvents(tenant.id(), after, PAGE_SIZE);
        if (page.size() == 0) {
            return RepeatStatus.FINISHED;
        }
        contribution.incrementWriteCount(writer.write(tenant, after, page, context.auditKey(chunk)));
        for (int i = 0; i < page.size(); i++) {
            contribution.incrementReadCount();
        }
        contribution.incrementReadSkipCount(page.rejected().size());
        return page.size() < PAGE_SIZE ? RepeatStatus.FINISHED : RepeatStatus.CONTINUABLE;
    }
}
