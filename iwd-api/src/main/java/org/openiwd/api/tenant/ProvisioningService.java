package org.openiwd.api.tenant;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.openiwd.api.security.ApiKeyRepository;
import org.openiwd.api.security.Caller;
import org.openiwd.api.security.Role;
import org.openiwd.api.web.ApiProblem;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Creates, changes and deletes tenants and mints their keys; every operation is audited in its transaction, with
 * its details (names, time zones, key ids and roles; never a secret).
 */
@Service
class ProvisioningService {

    private final TenantRepository tenants;
    private final ApiKeyRepository keys;
    private final AuditLog audit;
    private final ApplicationEventPublisher publisher;

    ProvisioningService(TenantRepository tenants, ApiKeyRepository keys, AuditLog audit,
            ApplicationEventPublisher publisher) {
        this.tenants = tenants;
        this.keys = keys;
        this.audit = audit;
        this.publisher = publisher;
    }

    /** A new tenant with one key for each of the tenant, datamart and email roles. */
    @Transactional
    ProvisionedTenant create(Caller caller, Tenant tenant) {
        tenant.validateZone();
        tenants.foldedTwin(tenant.id()).ifPresent(twin -> {
            throw ApiProblem.conflict("tenant-id-collides", "Tenant id " + tenant.id() + " differs from existing"
                    + " tenant " + twin + " only in case or in '-' and '_'; their Data Marts would collide.");
        });
        if (!tenants.insert(tenant)) {
            throw ApiProblem.conflict("tenant-exists", "Tenant " + tenant.id() + " already exists.");
        }
        Map<String, String> apiKeys = new LinkedHashMap<>();
        List<Map<String, Object>> minted = new ArrayList<>();
        for (Role role : List.of(Role.TENANT, Role.DATAMART, Role.EMAIL)) {
            ApiKeyRepository.MintedKey key = keys.mint(tenant.id(), role);
            apiKeys.put(role.wireName(), key.key());
            minted.add(Map.of("role", role.wireName(), "keyId", key.id()));
        }
        audit.record(caller, "tenant.create", tenant.id(), "created", Map.of("name", tenant.name(),
                "timeZone", tenant.timeZone(), "keys", minted));
        return new ProvisionedTenant(tenant.id(), tenant.name(), tenant.timeZone(), Map.copyOf(apiKeys));
    }

    @Transactional
    Tenant update(Caller caller, Tenant tenant) {
        tenant.validateZone();
        Tenant previous = tenants.update(tenant)
                .orElseThrow(() -> ApiProblem.notFound("Tenant " + tenant.id()));
        audit.record(caller, "tenant.update", tenant.id(), "updated", Map.of("name", tenant.name(),
                "timeZone", tenant.timeZone(),
                "previous", Map.of("name", previous.name(), "timeZone", previous.timeZone())));
        return tenant;
    }

    @Transactional
    void delete(Caller caller, String tenantId) {
        keys.forgetTenant(tenantId);
        Tenant deleted = tenants.delete(tenantId).orElseThrow(() -> ApiProblem.notFound("Tenant " + tenantId));
        audit.record(caller, "tenant.delete", tenantId, "deleted", Map.of("name", deleted.name(),
                "timeZone", deleted.timeZone()));
        publisher.publishEvent(new TenantDeleted(tenantId));
    }

    @Transactional
    ApiKeyRepository.MintedKey mintKey(Caller caller, String tenantId, Role role) {
        if (role == Role.ADMIN) {
            throw ApiProblem.badRequest("invalid-role", "Tenants cannot hold the admin role.");
        }
        if (tenants.find(tenantId).isEmpty()) {
            throw ApiProblem.notFound("Tenant " + tenantId);
        }
        ApiKeyRepository.MintedKey key = keys.mint(tenantId, role);
        audit.record(caller, "key.mint:" + role.wireName(), tenantId, "minted key " + key.id(),
                Map.of("role", role.wireName(), "keyId", key.id()));
        return key;
    }

    @Transactional(readOnly = true)
    java.util.List<ApiKeyRepository.KeyInfo> keys(String tenantId) {
        if (tenants.find(tenantId).isEmpty()) {
            throw ApiProblem.notFound("Tenant " + tenantId);
        }
        return keys.list(tenantId);
    }

    /**
     * Revokes a key. It stops working at once on every replica Redis can reach, and within
     * {@code iwd.api.redis.local-cache-time} on the others.
     */
    @Transactional
    void revokeKey(Caller caller, String tenantId, long keyId) {
        String role = keys.list(tenantId).stream().filter(k -> k.id() == keyId).map(ApiKeyRepository.KeyInfo::role)
                .findFirst().orElse(null);
        if (role == null || !keys.revoke(tenantId, keyId)) {
            throw ApiProblem.notFound("Key " + keyId + " of tenant " + tenantId);
        }
        audit.record(caller, "key.revoke", tenantId, "revoked key " + keyId, Map.of("keyId", keyId, "role", role));
    }

    @Transactional(readOnly = true)
    List<Tenant> list() {
        return tenants.findAll();
    }

    /** The provisioning response: the tenant and its keys, shown only this once. */
    record ProvisionedTenant(String id, String name, String timeZone, Map<String, String> apiKeys) {
    }
}
