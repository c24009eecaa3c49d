package org.openiwd.etl.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** A malformed event is refused with its raw payload and a reason; the rest of its page loads. */
class FeedEventParserTest {

    final FeedEventParser parser = new FeedEventParser(JsonMapper.builder().build());

    static final String GOOD = """
            {"id":7,"taskId":3,"captureId":"c","taskVersion":2,"type":"Queued","status":"Queued",
             "occurredAt":"2026-03-02T09:00:00Z","processId":"p","priority":5,"attributes":{"x":1},
             "workTimeSec":0,"heldTimeSec":0,"somethingNew":"ignored"}""";

    @Test
    void parsesEveryFieldOfAValidEvent() {
        FeedPage page = parse("{\"events\":[" + GOOD + "],\"next\":7}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.next()).isEqualTo(7);
        FeedEvent e = page.events().getFirst();
        assertThat(e.id()).isEqualTo(7);
        assertThat(e.type()).isEqualTo("Queued");
        assertThat(e.occurredAt()).isEqualTo(Instant.parse("2026-03-02T09:00:00Z"));
        assertThat(e.processId()).isEqualTo("p");
        assertThat(e.priority()).isEqualTo(5);
        assertThat(e.agentId()).isNull();
    }

    @Test
    void customAttributesKeepTheirJsonTypesAndANestedValueRefusesTheEvent() {
        FeedPage page = parse("{\"events\":[" + GOOD.replace("{\"x\":1}",
                "{\"n\":12.50,\"s\":\"a\",\"b\":true,\"gone\":null}")
                + ",{\"id\":8,\"taskId\":3,\"captureId\":\"c\",\"taskVersion\":3,\"type\":\"Updated\","
                + "\"status\":\"Queued\",\"occurredAt\":\"2026-03-02T09:00:00Z\",\"attributes\":{\"o\":{}}}"
                + "],\"next\":8}");
        assertThat(page.events().getFirst().attributes()).containsExactly(
                java.util.Map.entry("n", new java.math.BigDecimal("12.5")), java.util.Map.entry("s", "a"),
                java.util.Map.entry("b", true));
        assertThat(page.rejected()).extracting(FeedPage.RejectedEvent::reason)
                .containsExactly("attribute 'o' must be a string, a number or a boolean");
    }

    @Test
    void quarantinesEachMalformedEventWithTheReasonAndKeepsTheOthers() {
        String page = "{\"events\":[" + GOOD
                + ",{\"id\":8,\"taskId\":3,\"captureId\":\"c\",\"taskVersion\":3,\"type\":\"Exploded\","
                + "\"status\":\"Queued\",\"occurredAt\":\"2026-03-02T09:00:00Z\"}"
                + ",{\"id\":9,\"taskId\":3,\"captureId\":\"c\",\"taskVersion\":4,\"type\":\"Assigned\","
                + "\"status\":\"Assigned\",\"occurredAt\":\"yesterday\"}"
                + ",{\"taskId\":3}"
                + ",{\"id\":11,\"taskId\":-1,\"captureId\":\"c\",\"taskVersion\":1,\"type\":\"Created\","
                + "\"status\":\"New\",\"occurredAt\":\"2026-03-02T09:00:00Z\"}"
                + "],\"next\":11}";
        FeedPage parsed = parse(page);
        assertThat(parsed.events()).extracting(FeedEvent::id).containsExactly(7L);
        assertThat(parsed.rejected()).extracting(FeedPage.RejectedEvent::reason).containsExactly(
                "unknown event type 'Exploded'",
                "occurredAt 'yesterday' is not an ISO-8601 UTC instant",
                "id must be a positive integer",
                "taskId must be a positive integer");
        assertThat(parsed.rejected()).extracting(FeedPage.RejectedEvent::id).containsExactly(8L, 9L, null, 11L);
        assertThat(parsed.rejected().getFirst().rawPayload()).contains("Exploded");
        assertThat(parsed.next()).isEqualTo(11);
    }

    @Test
    void aReasonAsLongAsTheApiAllowsLoads() {
        String longReason = GOOD.replace("\"processId\":\"p\"", "\"processId\":\"p\",\"reason\":\"" + "r".repeat(1000) + "\"");
        FeedPage page = parse("{\"events\":[" + longReason + "],\"next\":7}");
        assertThat(page.rejected()).isEmpty();
        assertThat(page.events().getFirst().reason()).hasSize(1000);
    }

    @Test
    void anEventOutOfOrderIsRefused() {
        String earlier = GOOD.replace("\"id\":7", "\"id\":6");
        FeedPage page = parse("{\"events\":[" + GOOD + "," + earlier + "],\"next\":7}");
        assertThat(page.rejected()).extracting(FeedPage.RejectedEvent::reason)
                .containsExactly("id 6 is not after 7");
    }

    @Test
    void aPageThatIsNotAFeedPageFailsWhole() {
        assertThatThrownBy(() -> parse("{\"events\":[" + GOOD))
                .isInstanceOf(FeedEventParser.MalformedFeedException.class);
        assertThatThrownBy(() -> parse("{\"events\":[]}"))
                .isInstanceOf(FeedEventParser.MalformedFeedException.class).hasMessageContaining("next");
        assertThatThrownBy(() -> parse("<html>502 Bad Gateway</html>"))
                .isInstanceOf(FeedEventParser.MalformedFeedException.class);
    }

    private FeedPage parse(String json) {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
