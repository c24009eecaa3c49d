package org.openiwd.etl.tenant;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The read-only role of each tenant schema, for BI tools: {@code <prefix>_<tenant>_bi}.
 *
 * @param enabled whether registering a tenant creates its role (the Data Mart's database user then needs
 *     {@code CREATEROLE})
 * @param prefix the start of the role names; empty: the Data Mart database's name ({@code iwddm} gives
 *     {@code iwddm_100_bi}), since roles are shared by every database of the server
 */
@Validated
@ConfigurationProperties("iwd.etl.bi-role")
public record BiRoleProperties(
        @DefaultValue("true") boolean enabled,
        @NotNull @Pattern(regexp = "[a-z0-9_]{0,24}") @DefaultValue("") String prefix) {
}
