package org.openiwd.etl.infomart;

import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import org.openiwd.etl.EtlProperties;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads agents from the Genesys Info Mart, a separate PostgreSQL with its own small, read-only pool (not a Spring
 * {@code DataSource} bean, so the Data Mart's own stays Boot's): {@code resource_} rows of type {@code AGENT} of
 * one tenant, changed after an update audit key. Thread-safe.
 */
@Component
public class InfoMartAgents implements DisposableBean {

    private final EtlProperties.InfoMart settings;
    private volatile HikariDataSource pool;

    InfoMartAgents(EtlProperties properties) {
        this.settings = properties.infoMart();
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The tenant's agents changed after {@code afterAuditKey}, oldest change first; those without an id skipped. */
    public List<InfoMartAgent> changedSince(int tenantKey, long afterAuditKey) {
        String id = settings.agentMatch().column();
        return JdbcClient.create(pool()).sql("""
                SELECT %s AS agent_id, agent_first_name, agent_last_name, employee_id, user_name,
                    update_audit_key
                FROM resource_
                WHERE tenant_key = ? AND resource_type_code = 'AGENT' AND update_audit_key > ?
                  AND %s IS NOT NULL AND coalesce(purge_flag, 0) = 0
                ORDER BY update_audit_key, resource_key""".formatted(id, id))
                .params(tenantKey, afterAuditKey)
                .query((rs, n) -> new InfoMartAgent(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getLong(6)))
                .list();
    }

    private HikariDataSource pool() {
        HikariDataSource current = pool;
        if (current == null) {
            synchronized (this) {
                if (pool == null) {
                    HikariDataSource created = new HikariDataSource();
                    created.setJdbcUrl(settings.url());
                    created.setUsername(settings.username());
                    created.setPassword(settings.password());
                    created.setMaximumPoolSize(2);
                    created.setReadOnly(true);
                    created.setPoolName("infomart");
                    pool = created;
                }
                current = pool;
            }
        }
        return current;
    }

    @Override
    public void destroy() {
        if (pool != null) {
            pool.close();
        }
    }
}
