package org.openiwd.api.security;

import java.util.Arrays;

import io.swagger.v3.oas.annotations.Hidden;
import org.openiwd.api.web.ApiProblem;

/**
 * Who is calling, resolved from {@code x-api-key} by {@link ApiKeyFilter}. Hidden from the OpenAPI document:
 * controllers take it as a parameter, but clients send a key, not a caller.
 *
 * @param role what the key may do
 * @param tenantId the tenant acted on, or {@code null} for a cluster key used without {@code x-iwd-tenant}
 * @param cluster whether the key is a cluster key from configuration rather than a tenant's own key
 */
@Hidden
public record Caller(Role role, String tenantId, boolean cluster) {

    /** Throws 403 unless the caller has one of {@code roles}. */
    public Caller require(Role... roles) {
        if (Arrays.asList(roles).contains(role)) {
            return this;
        }
        throw ApiProblem.forbidden("The " + role.wireName() + " role may not do this.");
    }

    /** The tenant acted on; a cluster key must name one in {@code x-iwd-tenant}. */
    public String tenant() {
        if (tenantId == null) {
            throw ApiProblem.badRequest("tenant-required", "A cluster key must name the tenant in x-iwd-tenant.");
        }
        return tenantId;
    }
}
