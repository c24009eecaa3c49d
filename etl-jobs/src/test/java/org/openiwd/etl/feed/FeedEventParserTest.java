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
    void repeatedIdsOfAPageAreOneStringAndAnyNumberOfDistinctIdsReadBackExactly() {
        StringBuilder page = new StringBuilder("{\"events\":[");
        for (int i = 1; i <= 3_000; i++) {
            page.append(i > 1 ? "," : "").append(GOOD.replace("\"id\":7", "\"id\":" + i)
                    .replace("\"processId\":\"p\"", "\"processId\":\"p\",\"agentId\":\"agent-" + i + "\""));
        }
        FeedPage parsed = parse(page.append("],\"next\":3000}").toString());
        assertThat(parsed.rejected()).isEmpty();
        assertThat(parsed.events()).hasSize(3_000);
        FeedEvent first = parsed.events().getFirst();
        FeedEvent last = parsed.events().getLast();
        assertThat(last.processId()).isEqualTo("p").isSameAs(first.processId());
        assertThat(last.type()).isSameAs(first.type());
        assertThat(parsed.events()).extracting(FeedEvent::agentId).doesNotHaveDuplicates()
                .allMatch(agent -> agent.startsWith("agent-"));
        assertThat(last.agentId()).isEqualTo("agent-3000");
    }


    @Test
    void repeatedShortAttributeTextsOfAPageAreOneStringAndEveryValueReadsBackExactly() {
        String longText = "a note longer than the pooled texts, ".repeat(3);
        StringBuilder page = new StringBuilder("{\"events\":[");
        for (int i = 1; i <= 3_000; i++) {
            page.append(i > 1 ? "," : "").append(GOOD.replace("\"id\":7", "\"id\":" + i).replace("{\"x\":1}",
                    "{\"channel\":\"web\",\"policy\":\"P-" + i + "\",\"note\":\"" + longText + i
                            + "\",\"channel\":\"phone\"}"));
        }
        FeedPage parsed = parse(page.append("],\"next\":3000}").toString());
        assertThat(parsed.rejected()).isEmpty();
        java.util.Map<String, Object> first = parsed.events().getFirst().attributes();
        java.util.Map<String, Object> last = parsed.events().getLast().attributes();
        // A name given twice keeps its first place and its last value, as in a LinkedHashMap.
        assertThat(last.keySet()).containsExactly("channel", "policy", "note");
        assertThat(last.get("channel")).isEqualTo("phone").isSameAs(first.get("channel"));
        assertThat(parsed.events()).extracting(e -> e.attributes().get("policy")).doesNotHaveDuplicates();
        assertThat(last.get("policy")).isEqualTo("P-3000");
        assertThat(last.get("note")).isEqualTo(longText + 3000);
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
    void numericAttributesKeepTheirValueWhateverTheirForm() {
        String[] numbers = {"0", "-0", "7", "-42", "300.7200000000000000", "0.0001", "-12.50", "0.0", "1e3", "-2.5E-3",
            "123456789012345678", "1234567890123456789", "12345678901234567890.5", "99999999999999999.99",
            "9223372036854775807", "-9223372036854775808", "1.000000000000000000000000001",
            "300.0", "-1200.00", "100.5", "0.50", "-0.0", "10", "120000000000000000.0"};
        StringBuilder attributes = new StringBuilder("{");
        for (int i = 0; i < numbers.length; i++) {
            attributes.append(i == 0 ? "" : ",").append("\"a").append(i).append("\":").append(numbers[i]);
        }
        FeedPage page = parse("{\"events\":[" + GOOD.replace("{\"x\":1}", attributes + "}") + "],\"next\":7}");
        java.util.Map<String, Object> parsed = page.events().getFirst().attributes();
        for (int i = 0; i < numbers.length; i++) {
            java.math.BigDecimal expected = new java.math.BigDecimal(numbers[i]);
            if (numbers[i].contains(".") || numbers[i].contains("e") || numbers[i].contains("E")) {
                expected = expected.stripTrailingZeros();
            }
            assertThat(parsed.get("a" + i)).as(numbers[i]).isEqualTo(expected);
        }
    }

    @Test
    void integerFieldsReadExactlyAtEveryLengthAndOneBeyondALongRefusesTheEvent() {
        StringBuilder page = new StringBuilder("{\"events\":[");
        long id = 1;
        for (int digits = 1; digits <= 19; digits++, id = id * 10 + digits % 10) {
            page.append(digits > 1 ? "," : "").append(GOOD.replace("\"id\":7", "\"id\":" + id)
                    .replace("\"taskId\":3", "\"taskId\":" + id)
                    .replace("\"priority\":5", "\"priority\":" + (digits % 2 == 0 ? -digits : digits)));
        }
        page.append(",").append(GOOD.replace("\"id\":7", "\"id\":9223372036854775807"));
        page.append(",").append(GOOD.replace("\"id\":7", "\"id\":9223372036854775808"));
        FeedPage parsed = parse(page.append("],\"next\":7}").toString());

        long expected = 1;
        for (int digits = 1; digits <= 19; digits++, expected = expected * 10 + digits % 10) {
            FeedEvent e = parsed.events().get(digits - 1);
            assertThat(e.id()).as("%d digits", digits).isEqualTo(expected);
            assertThat(e.taskId()).isEqualTo(expected);
            assertThat(e.priority()).isEqualTo(digits % 2 == 0 ? -digits : digits);
        }
        assertThat(parsed.events()).hasSize(20);
        assertThat(parsed.events().getLast().id()).isEqualTo(Long.MAX_VALUE);
        assertThat(parsed.rejected()).extracting(FeedPage.RejectedEvent::reason)
                .containsExactly("id must be a positive integer");
    }

    @Test
    void aReasonAsLongAsTheApiAllowsLoads() {
        String longReason = GOOD.replace("\"processId\":\"p\"",
                "\"processId\":\"p\",\"reason\":\"" + "r".repeat(1000) + "\"");
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

    @Test
    void aRefusedEventKeepsItsExactRawJsonWhenThePageArrivesInSmallPiecesOverManyBuffers() {
        String bad = "{\"id\":%d,\"taskId\":3,\"captureId\":\"é😀\",\"taskVersion\":1,\"type\":\"Exploded\","
                + "\"status\":\"New\",\"occurredAt\":\"2026-03-02T09:00:00Z\",\"attributes\":{\"s\":\"%s\"}}";
        StringBuilder json = new StringBuilder("{\"events\":[");
        java.util.List<String> refused = new java.util.ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            String event = i % 700 == 0 ? bad.formatted(i, "v".repeat(i % 3 == 0 ? 20_000 : 10))
                    : GOOD.replace("\"id\":7", "\"id\":" + i);
            if (i % 700 == 0) {
                refused.add(event);
            }
            json.append(i == 1 ? "" : ",").append(event);
        }
        json.append("],\"next\":3000}   ");
        byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
        var body = new TrickleInputStream(bytes);

        FeedPage page = parser.parse(body);

        assertThat(page.events()).hasSize(3000 - refused.size());
        assertThat(page.rejected()).extracting(FeedPage.RejectedEvent::rawPayload).containsExactlyElementsOf(refused);
        assertThat(page.next()).isEqualTo(3000);
        assertThat(body.available()).as("the body is read to its end, for the connection's next request").isZero();
    }

    /** Gives at most a few bytes per read, as a slow socket does. */
    static final class TrickleInputStream extends ByteArrayInputStream {
        TrickleInputStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            return super.read(b, off, Math.min(len, 1 + pos % 7));
        }
    }

    private FeedPage parse(String json) {
        return parser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }
}
