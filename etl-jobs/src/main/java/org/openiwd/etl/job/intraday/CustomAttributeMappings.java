package org.openiwd.etl.job.intraday;

import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A tenant's custom attribute mapping as it is now: the defaults of {@code iwd.etl.custom-attributes}, with the
 * tenant's rows of {@code etl.tenant_custom_attribute} in place of the defaults of their targets. Read for each
 * page, so a change applies to the events loaded after it; events loaded before keep their values until their
 * task has a newer event.
 */
@Component
class CustomAttributeMappings {

    private final JdbcClient jdbc;
    private final CustomAttributeProperties defaults;

    CustomAttributeMappings(JdbcClient jdbc, CustomAttributeProperties defaults) {
        this.jdbc = jdbc;
        this.defaults = defaults;
    }

    CustomAttributeMapping forTenant(String tenantId) {
        String[] columns = new String[CustomAttributeMapping.COLUMNS];
        String[] dimension = new String[CustomAttributeMapping.DIMENSIONS];
        defaults.columns().forEach((column, name) -> columns[column - 1] = name);
        List<String> dims = defaults.dimension();
        for (int i = 0; i < dims.size(); i++) {
            dimension[i] = dims.get(i);
        }
        jdbc.sql("SELECT target, attribute FROM etl.tenant_custom_attribute WHERE tenant_id = ?")
                .param(tenantId)
                .query((rs, n) -> {
                    String target = rs.getString(1);
                    String attribute = rs.getString(2);
                    if (target.startsWith("custom_attribute")) {
                        columns[Integer.parseInt(target.substring("custom_attribute".length())) - 1] = attribute;
                    }
                    else {
                        dimension[Integer.parseInt(target.substring("custom_dim".length())) - 1] = attribute;
                    }
                    return target;
                })
                .list();
        return new CustomAttributeMapping(columns, dimension);
    }
}
