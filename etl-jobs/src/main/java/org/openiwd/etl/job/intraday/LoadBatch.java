package org.openiwd.etl.job.intraday;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import org.openiwd.etl.feed.FeedEvent;
import org.openiwd.etl.feed.FeedPage;

/**
 * A batch of feed events to load, with what the load derives from the events alone: their distinct dimension ids,
 * task ids and 15-minute intervals, and the newest event time. {@link NextPageReader} derives them on the thread
 * that reads the batch ahead, so that the writer, whose turns with its database connection are the load's critical
 * path, does not. Immutable once made; the arrays are not copied, and nobody writes to them.
 *
 * @param taskIds the events' distinct task ids, ascending
 * @param intervals the distinct 15-minute intervals ({@code date_time_key}) of the events' facts, ascending
 * @param newest the newest event time, null for a batch without events
 */
record LoadBatch(FeedPage page, PageIds ids, long[] taskIds, int[] intervals, Instant newest) {

    static LoadBatch of(FeedPage page) {
        List<FeedEvent> events = page.events();
        long[] taskIds = new long[events.size()];
        long[] intervals = new long[events.size()];
        Instant newest = null;
        for (int i = 0; i < events.size(); i++) {
            FeedEvent e = events.get(i);
            taskIds[i] = e.taskId();
            intervals[i] = DimensionKeys.dateTimeKey(e.occurredAt());
            if (newest == null || e.occurredAt().isAfter(newest)) {
                newest = e.occurredAt();
            }
        }
        return new LoadBatch(page, PageIds.of(events), distinct(taskIds),
                Arrays.stream(distinct(intervals)).mapToInt(Math::toIntExact).toArray(), newest);
    }

    /** The distinct task ids of {@code events}, ascending. */
    static long[] taskIds(List<FeedEvent> events) {
        return distinct(events.stream().mapToLong(FeedEvent::taskId).toArray());
    }

    List<FeedEvent> events() {
        return page.events();
    }

    private static long[] distinct(long[] values) {
        Arrays.sort(values);
        int n = 0;
        for (int i = 0; i < values.length; i++) {
            if (n == 0 || values[i] != values[n - 1]) {
                values[n++] = values[i];
            }
        }
        return Arrays.copyOf(values, n);
    }
}
