package org.openiwd.etl.feed;

import java.nio.charset.StandardCharsets;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

/**
 * Parses quarantined task events again, exactly as the feed reader parses a page: the raw payloads, in the order
 * given (ascending event id), become one synthetic page, so each event gets the same checks and the same reasons.
 * A payload that still fails comes back among {@link FeedPage#rejected()} with its raw text unchanged, so the caller
 * can find its quarantine row by it.
 */
public final class QuarantinedPayloads {

    private QuarantinedPayloads() {
    }

    public static FeedPage parse(JsonMapper json, List<String> rawPayloads) {
        StringBuilder page = new StringBuilder("{\"events\":[");
        for (int i = 0; i < rawPayloads.size(); i++) {
            page.append(i == 0 ? "" : ",").append(rawPayloads.get(i));
        }
        page.append("],\"next\":0}");
        return new FeedEventParser(json).parse(page.toString().getBytes(StandardCharsets.UTF_8));
    }
}
