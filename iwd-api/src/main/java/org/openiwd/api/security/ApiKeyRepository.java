package org.openiwd.api.security;

import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Tenant keys in table {@code api_key}, looked up by hash. */
@Repository
public class ApiKeyRepository {

    private final JdbcClient jdbc;
    private final ApiKeyCache cache;

    ApiKeyRepository(JdbcClient jdbc, ApiKeyCache cache) {
        this.jdbc = jdbc;
        this.cache = cache;
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

    /** A key just minted: its id, and the secret, which is shown only this once. */
    public record MintedKey(long id, String key) {
    }

    /** A key as operators see it: never the secret, only its first characters. */
    public record KeyInfo(long id, String role, String prefix, java.time.Instant createdAt,
            java.time.Instant revokedAt) {
    }

    /** Mints a key of {@code role} for the tenant. Runs in the caller's transaction. */
    public MintedKey mint(String tenantId, Role role) {
        String key = ApiKeys.generate();
        long id = jdbc.sql("""
                INSERT INTO api_key (tenant_id, role, key_hash, key_prefix) VALUES (?, ?, ?, ?)
                RETURNING key_id""")
                .params(tenantId, role.wireName(), ApiKeys.hash(key), ApiKeys.prefix(key))
                .query(Long.class).single();
        return new MintedKey(id, key);
    }

    public java.util.List<KeyInfo> list(String tenantId) {
        return jdbc.sql("""
                SELECT key_id, role, key_prefix, created_at, revoked_at FROM api_key
                WHERE tenant_id = ? ORDER BY key_id""")
                .param(tenantId)
                .query((rs, n) -> new KeyInfo(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(),
                        rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant()))
                .list();
    }

    /**
     * Revokes the tenant's key; false when the tenant has no such key. Revoking twice keeps the first time. Once
     * the caller's transaction commits, the key is evicted from every replica's cache.
     */
    public boolean revoke(String tenantId, long keyId) {
        Optional<byte[]> hash = jdbc.sql("""
                UPDATE api_key SET revoked_at = coalesce(revoked_at, now()) WHERE tenant_id = ? AND key_id = ?
                RETURNING key_hash""")
                .params(tenantId, keyId).query(byte[].class).optional();
        hash.ifPresent(h -> afterCommit(() -> cache.evictKey(h)));
        return hash.isPresent();
    }

    /** Before a tenant is deleted: once the deletion commits, its keys are evicted from every replica's cache. */
    public void forgetTenant(String tenantId) {
        java.util.List<byte[]> hashes = jdbc.sql("SELECT key_hash FROM api_key WHERE tenant_id = ?")
                .param(tenantId).query(byte[].class).list();
        afterCommit(() -> cache.evictTenant(tenantId, hashes));
    }

    private static void afterCommit(Runnable action) {
        org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                new org.springframework.transaction.support.TransactionSynchronization() {
                    @Override
                    public void afterCommit() {
                        action.run();
                    }
                });
    }
}
