package org.openiwd.etl.job;

import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.stereotype.Component;

/** What a step of a tenant's job needs to know: the tenant it runs for and the audit key of the run. */
@Component
public class TenantJobContext {

    private final TenantRegistry registry;

    TenantJobContext(TenantRegistry registry) {
        this.registry = registry;
    }

    public DataMartTenant tenant(ChunkContext chunk) {
        Object id = chunk.getStepContext().getJobParameters().get(JobNames.TENANT_PARAMETER);
        return registry.find(String.valueOf(id))
                .orElseThrow(() -> new IllegalStateException("Tenant " + id + " is not registered"));
    }

    public long auditKey(ChunkContext chunk) {
        return chunk.getStepContext().getStepExecution().getJobExecution().getExecutionContext()
                .getLong(JobNames.AUDIT_KEY);
    }
}
