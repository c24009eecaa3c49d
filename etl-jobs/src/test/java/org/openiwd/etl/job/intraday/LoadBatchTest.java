package org.openiwd.etl.job.intraday;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openiwd.etl.feed.FeedEvent;
import org.openiwd.etl.feed.FeedPage;

/** What the read-ahead derives from a batch is what the writer derived from the same events itself. */
class LoadBatchTest {

    static final Instant T = Instant.parse("2026-03-02T09:00:00Z");

    @Test
    void derivesTheDistinctTasksIntervalsIdsAndTheNewestTimeOfTheEvents() {
        List<FeedEvent> events = List.of(
                event(1, 30, T.plusSeconds(899), "q1", "a1"),
                event(2, 10, T, "q1", null),
                event(3, 30, T.plusSeconds(900), "q2", "a1"),
                event(4, 20, T.minusSeconds(1), null, "a2"),
                event(5, 10, T.plusSeconds(3_600), "q1", null));
        LoadBatch batch = LoadBatch.of(new FeedPage(events, List.of(), 5));

        assertThat(batch.taskIds()).containsExactly(10, 20, 30);
        assertThat(batch.intervals()).containsExactly(events.stream()
                .mapToInt(e -> DimensionKeys.dateTimeKey(e.occurredAt())).distinct().sorted().toArray());
        assertThat(batch.intervals()).hasSize(4);
        assertThat(batch.newest()).isEqualTo(T.plusSeconds(3_600));
        assertThat(batch.ids()).isEqualTo(PageIds.of(events));
        assertThat(batch.events()).isSameAs(events);
        assertThat(LoadBatch.taskIds(events.subList(0, 2))).containsExactly(10, 30);
    }

    @Test
    void aBatchWithoutEventsHasNothingDerived() {
        LoadBatch batch = LoadBatch.of(new FeedPage(List.of(), List.of(), 0));
        assertThat(batch.taskIds()).isEmpty();
        assertThat(batch.intervals()).isEmpty();
        assertThat(batch.newest()).isNull();
    }

    private static FeedEvent event(long id, long taskId, Instant at, String queueId, String agentId) {
        return new FeedEvent(id, taskId, "C" + taskId, (int) id, "Assigned", "Assigned", at, "s1", "d1", "p1", null,
                null, queueId, null, agentId, null, "email", null, null, null, null, null, null, null, 0, 0, Map.of());
    }
}
