package org.openiwd.api.tenant;

import org.openiwd.api.security.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Table {@code audit_log}: who did which provisioning or key operation, to which tenant, with what outcome. */
@Component
class AuditLog {

    private final JdbcClient jdbc;

    AuditLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records in the caller's transaction, so an operation and its audit row commit together; called outside one
     * (a refusal), it commits on its own.
     */
    void record(Caller caller, String action, String tenantId, String outcome) {
        jdbc.sql("INSERT INTO audit_log (actor, action, tenant_id, outcome) VALUES (?, ?, ?, ?)")
                .params(caller.cluster() ? "cluster:" + caller.role().wireName()
                        : "tenant:" + caller.tenantId() + ":" + caller.role().wireName(),
                        action, tenantId, outcome)
                .update();
    }
}
