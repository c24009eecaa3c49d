package org.openiwd.api.config;

import java.time.Instant;
import java.util.Map;

/**
 * A configuration object as the API shows it and the configuration events carry it.
 *
 * @param version this object's version, its ETag: 1 when created, one more with each change
 * @param revision the tenant's configuration revision of this object's latest change
 * @param deleted whether it was retired (kept for history and the Data Mart's SCD-2 dimensions)
 */
public record ConfigObject(
        String id,
        String kind,
        String name,
        String parentId,
        int version,
        long revision,
        Map<String, Object> settings,
        boolean deleted,
        Instant createdAt,
        Instant updatedAt) {
}
