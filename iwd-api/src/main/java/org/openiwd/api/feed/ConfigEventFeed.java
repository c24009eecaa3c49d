package org.openiwd.api.feed;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** A page of a tenant's configuration events in position order; these are few, so a page is built in memory. */
@Component
class ConfigEventFeed {

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final MeterRegistry meters;

    ConfigEventFeed(JdbcClient jdbc, JsonMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.json = json;
        this.meters = meters;
    }

    Map<String, Object> page(String tenantId, long after, int limit) {
        List<Map<String, Object>> events = jdbc.sql("""
                SELECT feed_id, kind, object_id, version, operation, object::text, occurred_at FROM config_event
                WHERE tenant_id = ? AND feed_id > ? ORDER BY feed_id LIMIT ?""")
                .params(tenantId, after, limit)
                .query((rs, n) -> {
                    Map<String, Object> e = new LinkedHashMap<>();
                    e.put("id", rs.getLong(1));
                    e.put("kind", rs.getString(2));
                    e.put("objectId", rs.getString(3));
                    e.put("version", rs.getInt(4));
                    e.put("operation", rs.getString(5));
                    e.put("object", json.readTree(rs.getString(6)));
                    e.put("occurredAt", rs.getTimestamp(7).toInstant());
                    return e;
                })
                .list();
        long next = events.isEmpty() ? after : (long) events.getLast().get("id");
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("events", events);
        page.put("next", next);
        Counter.builder("iwd.feed.config.events.served")
                .description("Configuration events served by the configuration event feed")
                .tag("tenant", tenantId).register(meters).increment(events.size());
        return page;
    }
}
