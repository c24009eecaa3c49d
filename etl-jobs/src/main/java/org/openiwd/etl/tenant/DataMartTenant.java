package org.openiwd.etl.tenant;

import java.time.ZoneId;
import java.util.Locale;

/**
 * A tenant of the Data Mart.
 *
 * @param id the IWD tenant id
 * @param name display name
 * @param timeZone the zone of the tenant's reports
 * @param schema the tenant's Data Mart schema, {@code tenant_<id>} folded to lower case with '-' as '_'
 */
public record DataMartTenant(String id, String name, ZoneId timeZone, String schema) {

    public DataMartTenant {
        if (!schema.matches("tenant_[a-z0-9_]{1,32}")) {
            throw new IllegalArgumentException("not a Data Mart schema name: " + schema);
        }
    }

    public static DataMartTenant of(String id, String name, String timeZone) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{1,32}")) {
            throw new IllegalArgumentException("not a tenant id: " + id);
        }
        return new DataMartTenant(id, name, ZoneId.of(timeZone), schemaOf(id));
    }

    static String schemaOf(String tenantId) {
        return "tenant_" + tenantId.toLowerCase(Locale.ROOT).replace('-', '_');
    }
}
