package org.openiwd.api.tenant;

import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Table {@code tenant}. Deleting a tenant cascades to all of its data. */
@Repository
class TenantRepository {

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The existing tenant whose id folds to the same name as {@code tenantId} (case and '-'/'_' ignored): such ids
     * would share a Data Mart schema ({@code tenant_<id>}), so only one of them may exist.
     */
    Optional<String> foldedTwin(String tenantId) {
        return jdbc.sql("""
                SELECT tenant_id FROM tenant
                WHERE lower(replace(tenant_id, '-', '_')) = lower(replace(?, '-', '_')) AND tenant_id <> ?""")
                .params(tenantId, tenantId).query(String.class).optional();
    }

    /** Inserts the tenant; false when the id is taken. */
    boolean insert(Tenant tenant) {
        return jdbc.sql("""
                INSERT INTO tenant (tenant_id, name, time_zone) VALUES (?, ?, ?)
                ON CONFLICT (tenant_id) DO NOTHING""")
                .params(tenant.id(), tenant.name(), tenant.timeZone())
                .update() == 1;
    }

    boolean update(Tenant tenant) {
        return jdbc.sql("UPDATE tenant SET name = ?, time_zone = ?, updated_at = now() WHERE tenant_id = ?")
                .params(tenant.name(), tenant.timeZone(), tenant.id())
                .update() == 1;
    }

    boolean delete(String tenantId) {
        return jdbc.sql("DELETE FROM tenant WHERE tenant_id = ?").param(tenantId).update() == 1;
    }

    Optional<Tenant> find(String tenantId) {
        return jdbc.sql("SELECT tenant_id AS id, name, time_zone FROM tenant WHERE tenant_id = ?")
                .param(tenantId)
                .query(Tenant.class)
                .optional();
    }

    List<Tenant> findAll() {
        return jdbc.sql("SELECT tenant_id AS id, name, time_zone FROM tenant ORDER BY tenant_id")
                .query(Tenant.class)
                .list();
    }
}
