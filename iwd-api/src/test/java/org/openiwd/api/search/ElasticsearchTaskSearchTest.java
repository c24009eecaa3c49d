package org.openiwd.api.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * The search contract on the elasticsearch backend, with the real Elasticsearch of {@code ./iwd services}; and a
 * cursor from one backend pages on in the other, as happens when Elasticsearch goes away between two pages.
 */
@Import(SearchTestSupport.DeleteIndicesAtClose.class)
class ElasticsearchTaskSearchTest extends TaskSearchContractTest {

    @Autowired
    TaskIndices indices;
    @Autowired
    ElasticsearchTaskSearch elasticsearch;
    @Autowired
    PostgresTaskSearch postgres;

    @DynamicPropertySource
    static void elasticsearch(DynamicPropertyRegistry registry) {
        SearchTestSupport.useElasticsearch(registry, SearchTestSupport.SHARED_URL);
    }

    @Override
    String backend() {
        return "elasticsearch";
    }

    @Override
    void awaitSearchable() {
        SearchTestSupport.awaitIndexed(jdbc, indices, "alpha", "beta");
    }

    @ParameterizedTest(name = "sort={0} desc={1}")
    @MethodSource("sorts")
    void aCursorFromOneBackendPagesOnInTheOther(String sort, boolean descending) throws IOException {
        Instant now = Instant.now();
        List<Long> whole = elasticsearch.search("alpha", query(sort, descending, 200, null, now)).taskIds();
        List<Long> alternating = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page == 0 || cursor != null; page++) {
            TaskQuery query = query(sort, descending, 3, cursor, now);
            SearchPage answer = page % 2 == 0 ? elasticsearch.search("alpha", query)
                    : postgres.search("alpha", query);
            alternating.addAll(answer.taskIds());
            cursor = answer.next() == null ? null : answer.next().encode();
        }
        assertThat(alternating).hasSize(30).isEqualTo(whole);
    }

    private static TaskQuery query(String sort, boolean descending, int limit, String cursor, Instant now) {
        MultiValueMap<String, String> params = new LinkedMultiValueMap<>();
        params.add("sort", sort);
        params.add("order", descending ? "desc" : "asc");
        params.add("limit", Integer.toString(limit));
        if (cursor != null) {
            params.add("cursor", cursor);
        }
        return TaskQueryParser.parse(params, now);
    }
}
