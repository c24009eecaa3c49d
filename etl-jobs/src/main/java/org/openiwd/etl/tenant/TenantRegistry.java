package org.openiwd.etl.tenant;

import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * The tenants this Data Mart serves ({@code etl.tenant}) and their schemas. Registering is idempotent: it records
 * the tenant, migrates its schema and names the tenant in its own {@code tenant} dimension. At start-up every
 * active tenant's schema is migrated to the current version.
 */
@Service
public class TenantRegistry implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TenantRegistry.class);

    private final JdbcClient jdbc;
    private final DataMartSchemas schemas;

    TenantRegistry(JdbcClient jdbc, DataMartSchemas schemas) {
        this.jdbc = jdbc;
        this.schemas = schemas;
    }

    /**
     * Registers or updates the tenant and brings its schema to the current version. Refused when another tenant
     * already holds the schema name (ids that differ only in case or in '-' and '_').
     */
    public DataMartTenant register(DataMartTenant tenant) {
        Optional<String> holder = jdbc.sql("SELECT tenant_id FROM etl.tenant WHERE schema_name = ?")
                .param(tenant.schema()).query(String.class).optional();
        if (holder.isPresent() && !holder.get().equals(tenant.id())) {
            throw new IllegalStateException("Tenant " + tenant.id() + " would share schema " + tenant.schema()
                    + " with tenant " + holder.get());
        }
        jdbc.sql("""
                INSERT INTO etl.tenant (tenant_id, name, time_zone, schema_name) VALUES (?, ?, ?, ?)
                ON CONFLICT (tenant_id) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone,
                    status = 'active', updated_at = now()""")
                .params(tenant.id(), tenant.name(), tenant.timeZone().getId(), tenant.schema())
                .update();
        int applied = schemas.migrate(tenant.schema()).migrationsExecuted;
        jdbc.sql("""
                INSERT INTO %s.tenant (tenant_key, tenant_id, name, time_zone) VALUES (1, ?, ?, ?)
                ON CONFLICT (tenant_key) DO UPDATE SET name = excluded.name, time_zone = excluded.time_zone"""
                .formatted(tenant.schema()))
                .params(tenant.id(), tenant.name(), tenant.timeZone().getId())
                .update();
        if (applied > 0) {
            log.info("Tenant {}: schema {} migrated ({} migrations)", tenant.id(), tenant.schema(), applied);
        }
        return tenant;
    }

    /** Stops serving a tenant deleted from IWD; its Data Mart stays until an admin drops it. */
    public void markDeleted(String tenantId) {
        jdbc.sql("UPDATE etl.tenant SET status = 'deleted', updated_at = now() WHERE tenant_id = ?")
                .param(tenantId).update();
    }

    /**
     * Drops the Data Mart of a tenant that is no longer served (deleted from IWD): its schema with all its data,
     * its BI role, and its registration, schedules and lock. Refused for a tenant still served. Idempotent.
     */
    public void drop(String tenantId) {
        Optional<String> schema = jdbc.sql(
                        "SELECT schema_name FROM etl.tenant WHERE tenant_id = ? AND status = 'deleted'")
                .param(tenantId).query(String.class).optional();
        if (schema.isEmpty()) {
            if (find(tenantId).isPresent()) {
                throw new IllegalStateException("Tenant " + tenantId + " is still served: delete it from IWD first");
            }
            return;
        }
        schemas.drop(schema.get());
        jdbc.sql("DELETE FROM etl.tenant WHERE tenant_id = ?").param(tenantId).update();
        log.info("Tenant {}: Data Mart {} and its BI role dropped", tenantId, schema.get());
    }

    /**
     * Drops a served tenant's Data Mart schema with all its data and creates it again, empty, at the current
     * version, with watermarks at the start of the feeds; its registration and schedules stay. The caller holds the
     * tenant's lock, so no job writes meanwhile, and loads the Data Mart again afterwards.
     */
    public DataMartTenant recreateSchema(String tenantId) {
        DataMartTenant tenant = find(tenantId)
                .orElseThrow(() -> new IllegalArgumentException("Tenant " + tenantId + " is not served"));
        schemas.drop(tenant.schema());
        register(tenant);
        log.info("Tenant {}: Data Mart {} dropped and created again", tenantId, tenant.schema());
        return tenant;
    }

    public Optional<DataMartTenant> find(String tenantId) {
        return jdbc.sql("SELECT tenant_id, name, time_zone, schema_name FROM etl.tenant WHERE tenant_id = ?"
                        + " AND status = 'active'")
                .param(tenantId)
                .query((rs, n) -> new DataMartTenant(rs.getString(1), rs.getString(2),
                        java.time.ZoneId.of(rs.getString(3)), rs.getString(4)))
                .optional();
    }

    /**
     * The tenant's key in the Info Mart: the one registered for it, else its id when that is a number (the
     * original's tenants are numbers such as 100), else none.
     */
    public Optional<Integer> infoMartTenantKey(String tenantId) {
        return jdbc.sql("""
                SELECT coalesce(infomart_tenant_key,
                                CASE WHEN tenant_id ~ '^[0-9]{1,9}$' THEN tenant_id::integer END)
                FROM etl.tenant WHERE tenant_id = ?""")
                .param(tenantId).query(Integer.class).optional();
    }

    public List<DataMartTenant> active() {
        return jdbc.sql("SELECT tenant_id, name, time_zone, schema_name FROM etl.tenant WHERE status = 'active'"
                        + " ORDER BY tenant_id")
                .query((rs, n) -> new DataMartTenant(rs.getString(1), rs.getString(2),
                        java.time.ZoneId.of(rs.getString(3)), rs.getString(4)))
                .list();
    }

    @Override
    public void run(ApplicationArguments args) {
        for (DataMartTenant tenant : active()) {
            try {
                schemas.migrate(tenant.schema());
            }
            catch (RuntimeException e) {
                // One tenant's broken schema must not keep the others from being served.
                log.error("Tenant {}: schema {} cannot be migrated: {}", tenant.id(), tenant.schema(), e.toString());
            }
        }
    }
}
