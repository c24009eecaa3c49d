package org.openiwd.etl.job.agents;

import java.util.List;

import org.openiwd.etl.infomart.InfoMartAgent;
import org.openiwd.etl.infomart.InfoMartAgents;
import org.openiwd.etl.job.DataMartWatermarks;
import org.openiwd.etl.job.TenantJobContext;
import org.openiwd.etl.tenant.DataMartTenant;
import org.openiwd.etl.tenant.TenantRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code loadAgents}: the tenant's agents changed in the Info Mart since the {@code agents} watermark (an update
 * audit key) into the {@code agent} dimension, matched to IWD agent ids by employee id or user name: placeholder
 * rows made by fact loads are named, names that changed are updated. One transaction for the rows and the
 * watermark. A tenant without an Info Mart key loads nothing.
 */
@Component
class LoadAgentsTasklet implements Tasklet {

    private static final Logger log = LoggerFactory.getLogger(LoadAgentsTasklet.class);

    private final InfoMartAgents infoMart;
    private final TenantRegistry registry;
    private final TenantJobContext context;
    private final DataMartWatermarks watermarks;
    private final JdbcClient jdbc;

    LoadAgentsTasklet(InfoMartAgents infoMart, TenantRegistry registry, TenantJobContext context,
            DataMartWatermarks watermarks, JdbcClient jdbc) {
        this.infoMart = infoMart;
        this.registry = registry;
        this.context = context;
        this.watermarks = watermarks;
        this.jdbc = jdbc;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunk) {
        DataMartTenant tenant = context.tenant(chunk);
        var tenantKey = registry.infoMartTenantKey(tenant.id());
        if (!infoMart.enabled() || tenantKey.isEmpty()) {
            log.debug("Tenant {}: no Info Mart tenant key, no agents to load", tenant.id());
            return RepeatStatus.FINISHED;
        }
        long after = watermarks.position(tenant, "agents");
        List<InfoMartAgent> agents = infoMart.changedSince(tenantKey.get(), after);
        for (InfoMartAgent agent : agents) {
            jdbc.sql("""
                    INSERT INTO %s.agent (agent_id, first_name, last_name, employee_id, user_name, is_placeholder,
                        updated_at)
                    VALUES (?, ?, ?, ?, ?, false, now())
                    ON CONFLICT (agent_id) DO UPDATE SET first_name = excluded.first_name,
                        last_name = excluded.last_name, employee_id = excluded.employee_id,
                        user_name = excluded.user_name, is_placeholder = false, updated_at = now()"""
                    .formatted(tenant.schema()))
                    .params(agent.agentId(), agent.firstName(), agent.lastName(), agent.employeeId(),
                            agent.userName())
                    .update();
            contribution.incrementReadCount();
        }
        if (!agents.isEmpty()) {
            watermarks.advance(tenant, "agents", after, agents.getLast().updateAuditKey(), null,
                    context.auditKey(chunk));
        }
        contribution.incrementWriteCount(agents.size());
        return RepeatStatus.FINISHED;
    }
}
