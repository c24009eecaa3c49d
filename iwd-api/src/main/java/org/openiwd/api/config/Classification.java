package org.openiwd.api.config;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** What the task lifecycle asks of the configuration: can a task be classified into this process? */
@Component
public class Classification {

    private final JdbcClient jdbc;

    Classification(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Whether the tenant has a live (not retired) process with this id. Runs in the caller's transaction. */
    public boolean isLiveProcess(String tenantId, String processId) {
        return jdbc.sql("""
                SELECT EXISTS (SELECT 1 FROM config_object
                               WHERE tenant_id = ? AND kind = 'process' AND object_id = ? AND NOT deleted)""")
                .params(tenantId, processId).query(Boolean.class).single();
    }
}
