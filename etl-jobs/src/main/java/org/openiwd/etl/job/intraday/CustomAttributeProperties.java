package org.openiwd.etl.job.intraday;

import java.util.List;
import java.util.Map;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The default custom attribute mapping of every tenant; a tenant's rows in {@code etl.tenant_custom_attribute}
 * override it target by target.
 *
 * @param columns task attribute names by the number of the task fact column they fill, 1 to 10
 *     ({@code custom_attribute1..10})
 * @param dimension up to five task attribute names whose distinct value combinations make the {@code custom_dim}
 *     dimension ({@code dim_attribute1..5}, in this order)
 */
@Validated
@ConfigurationProperties("iwd.etl.custom-attributes")
public record CustomAttributeProperties(
        @NotNull @DefaultValue Map<Integer, String> columns,
        @NotNull @Size(max = CustomAttributeMapping.DIMENSIONS) @DefaultValue List<String> dimension) {

    public CustomAttributeProperties {
        columns.forEach((column, name) -> {
            if (column < 1 || column > CustomAttributeMapping.COLUMNS) {
                throw new IllegalArgumentException("iwd.etl.custom-attributes.columns: column " + column
                        + " is not one of 1 to " + CustomAttributeMapping.COLUMNS);
            }
            CustomAttributeMapping.checkName(name);
        });
        dimension.forEach(CustomAttributeMapping::checkName);
    }
}
