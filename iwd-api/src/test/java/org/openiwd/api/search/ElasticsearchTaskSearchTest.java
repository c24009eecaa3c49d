package org.openiwd.api.search;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The search contract on the elasticsearch backend, with the real Elasticsearch of {@code ./iwd services}. */
@Import(SearchTestSupport.DeleteIndicesAtClose.class)
class ElasticsearchTaskSearchTest extends TaskSearchContractTest {

    @Autowired
    TaskIndices indices;

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
}
