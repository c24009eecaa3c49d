package org.openiwd.api.security;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenant keys in table {@code api_key}, looked up by hash. */
@Repository
public class ApiKeyRepository {

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Caller> findActive(byte[] hash) {
        return jdbc.sql("SELECT role, tenant_id FROM api_key WHERE key_hash = ? AND revoked_at IS NULL")
                .param(hash)
                .query((rs, n) -> new Caller(Role.fromWire(rs.getString(1)), rs.getString(2), false))
                .optional();
    }

    boolean tenantExists(String tenantId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM tenant WHERE tenant_id = ?)").param(tenantId)
                .query(Boolean.class).single();
    }

    /** Mints a key of {@code role} for the tenant and returns the secret, which is shown only this once. */
    public String mint(String tenantId, Role role) {
        String key = ApiKeys.generate();
        jdbc.sql("INSERT INTO api_key (tenant_id, role, key_hash, key_prefix) VALUES (?, ?, ?, ?)")
                .params(tenantId, role.wireName(), ApiKeys.hash(key), ApiKeys.prefix(key))
                .update();
        return key;
    }
}
