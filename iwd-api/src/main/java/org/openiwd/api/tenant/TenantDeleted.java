package org.openiwd.api.tenant;

/**
 * Published in the transaction that deletes a tenant, for the features that keep the tenant's data outside the
 * database (the search index); listeners that must not lose it record it in that transaction.
 */
public record TenantDeleted(String tenantId) {
}
