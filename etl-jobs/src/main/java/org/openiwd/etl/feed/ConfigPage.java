package org.openiwd.etl.feed;

import java.util.List;

/** One page of the configuration feed: valid events, refused ones with their reason, and the next cursor. */
public record ConfigPage(List<ConfigEvent> events, List<FeedPage.RejectedEvent> rejected, long next) {

    public int size() {
        return events.size() + rejected.size();
    }
}
