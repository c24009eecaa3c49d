package org.openiwd.api.feed;

import java.time.Instant;
import java.util.Optional;

import io.swagger.v3.oas.annotations.media.Schema;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The newest positioned event of a tenant's feed and its time, for readers to measure their lag. */
@Component
class FeedHead {

    private final JdbcClient jdbc;

    FeedHead(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Schema(name = "FeedHead", description = "The newest position; 0, without a time, while the feed is empty")
    record Head(long id, Instant occurredAt) {
    }

    Head of(Feed feed, String tenantId) {
        Optional<Head> head = jdbc.sql(feed == Feed.TASK ? """
                SELECT p.feed_id, e.occurred_at FROM task_event_position p JOIN task_event e USING (event_id)
                WHERE p.tenant_id = ? ORDER BY p.feed_id DESC LIMIT 1""" : """
                SELECT feed_id, occurred_at FROM config_event
                WHERE tenant_id = ? AND feed_id IS NOT NULL ORDER BY feed_id DESC LIMIT 1""")
                .param(tenantId)
                .query((rs, n) -> new Head(rs.getLong(1), rs.getTimestamp(2).toInstant()))
                .optional();
        return head.orElse(new Head(0, null));
    }
}
