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

    /** Changes the tenant's name and time zone; returns the tenant as it was, empty when there is none. */
    Optional<Tenant> update(Tenant tenant) {
        return jdbc.sql("""
                WITH old AS (SELECT tenant_id, name, time_zone FROM tenant WHERE tenant_id = ? FOR UPDATE)
                UPDATE tenant t SET name = ?, time_zone = ?, updated_at = now() FROM old
                WHERE t.tenant_id = old.tenant_id
                RETURNING old.tenant_id AS id, old.name, old.time_zone""")
                .params(tenant.id(), tenant.name(), tenant.timeZone())
                .query(Tenant.class)
                .optional();
    }

    /** Deletes the tenant and, by cascade, its data; returns the tenant deleted, empty when there was none. */
    Optional<Tenant> delete(String tenantId) {
        return jdbc.sql("DELETE FROM tenant WHERE tenant_id = ? RETURNING tenant_id AS id, name, time_zone")
                .param(tenantId)
                .query(Tenant.class)
                .optional();
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
