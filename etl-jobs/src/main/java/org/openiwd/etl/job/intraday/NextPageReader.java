package org.openiwd.etl.job.intraday;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.openiwd.etl.EtlProperties;
import org.openiwd.etl.feed.FeedPage;
import org.openiwd.etl.feed.IwdApiClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Reads a tenant's next batch of feed pages ({@code iwd.etl.load.pages-per-transaction} consecutive pages of
 * {@code iwd.etl.load.page-size} events, fewer when one comes back not full: the end of the feed) on a virtual thread while the load writes the current batch into the Data Mart, so
 * that the API, the parsing and the database work at the same time instead of in turn. Reading has no effect, and a
 * full page after a position never changes (positions are given once, in order), so a batch read ahead is as good as
 * one read later: {@link #take} returns it when it was read after exactly the position the load now asks for (the
 * watermark in the Data Mart), and otherwise drops it and reads that position. At most
 * one batch per tenant waits here (one load per tenant runs at a time). Thread-safe.
 */
@Component
class NextPageReader implements DisposableBean {

    private record Pending(long after, CompletableFuture<LoadBatch> batch) {
    }

    private final IwdApiClient api;
    private final int pageSize;
    private final int pagesPerBatch;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    NextPageReader(IwdApiClient api, EtlProperties properties) {
        this.api = api;
        this.pageSize = properties.load().pageSize();
        this.pagesPerBatch = properties.load().pagesPerTransaction();
    }

    /** The batch of {@code tenantId} after {@code after}: the one read ahead if it matches. */
    LoadBatch take(String tenantId, long after) {
        Pending ahead = pending.remove(tenantId);
        if (ahead != null) {
            if (ahead.after() == after) {
                try {
                    return ahead.batch().join();
                }
                catch (CompletionException e) {
                    // The read ahead failed after its retries: the same error as a read done here.
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            ahead.batch().cancel(false);
        }
        return read(tenantId, after);
    }

    /** Whether {@code batch} has all its pages full: then the feed may hold more after it. */
    boolean isFull(LoadBatch batch) {
        return batch.page().size() >= (long) pageSize * pagesPerBatch;
    }

    /** Starts reading the batch of {@code tenantId} after {@code after}, for the next {@link #take}. */
    void readAhead(String tenantId, long after) {
        Pending previous = pending.put(tenantId, new Pending(after,
                CompletableFuture.supplyAsync(() -> read(tenantId, after), readers)));
        if (previous != null) {
            previous.batch().cancel(false);
        }
    }

    /**
     * Up to a batch of pages from {@code after} on, while they come back full, as one page, with what the load
     * derives from its events alone ({@link LoadBatch}): on the reading thread, which a read ahead keeps off the
     * writer's.
     */
    private LoadBatch read(String tenantId, long after) {
        FeedPage page = api.taskEvents(tenantId, after, pageSize);
        List<FeedPage> batch = new ArrayList<>(List.of(page));
        while (batch.size() < pagesPerBatch && page.size() >= pageSize) {
            page = api.taskEvents(tenantId, page.next(), pageSize);
            batch.add(page);
        }
        return LoadBatch.of(FeedPage.concat(batch));
    }

    @Override
    public void destroy() {
        readers.shutdownNow();
    }
}
