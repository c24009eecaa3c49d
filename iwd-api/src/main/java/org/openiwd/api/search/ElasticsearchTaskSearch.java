package org.openiwd.api.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.SortOptions;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch._types.query_dsl.BoolQuery;
import co.elastic.clients.elasticsearch._types.query_dsl.Operator;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import org.springframework.stereotype.Component;

/**
 * The search in Elasticsearch, on the tenant's alias: filters in filter context, full text as a {@code match} with
 * every word required on field {@code text}, sort on the key with missing values as {@link SortKey#MISSING} and the
 * task id as tie-breaker, paged with {@code search_after}. Reads one page plus one hit, to know whether another
 * page follows. Throws {@link IOException} when Elasticsearch cannot be reached, {@code ElasticsearchException}
 * when it refuses (404 when the tenant has no index yet).
 */
@Component
@OnElasticsearchBackend
class ElasticsearchTaskSearch {

    private final ElasticsearchClient es;
    private final TaskIndexNames names;

    ElasticsearchTaskSearch(ElasticsearchClient es, TaskIndexNames names) {
        this.es = es;
        this.names = names;
    }

    SearchPage search(String tenantId, TaskQuery query) throws IOException {
        SortOrder order = query.descending() ? SortOrder.Desc : SortOrder.Asc;
        List<SortOptions> sort = List.of(
                SortOptions.of(s -> s.field(f -> f.field(query.sort().wireName()).order(order)
                        .missing(query.descending() ? "_first" : "_last"))),
                SortOptions.of(s -> s.field(f -> f.field("id").order(order))));
        SearchResponse<Void> response = es.search(s -> {
            s.index(names.alias(tenantId)).size(query.limit() + 1).source(src -> src.fetch(false))
                    .trackTotalHits(t -> t.enabled(false)).query(filter(tenantId, query)).sort(sort);
            if (query.after() != null) {
                s.searchAfter(FieldValue.of(query.after().value()), FieldValue.of(query.after().taskId()));
            }
            return s;
        }, Void.class);
        List<Hit<Void>> hits = response.hits().hits();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < Math.min(hits.size(), query.limit()); i++) {
            ids.add(Long.parseLong(hits.get(i).id()));
        }
        SearchCursor next = null;
        if (hits.size() > query.limit()) {
            Hit<Void> last = hits.get(query.limit() - 1);
            next = query.cursorAt(last.sort().get(0).longValue(), Long.parseLong(last.id()));
        }
        return new SearchPage(ids, next);
    }

    private static Query filter(String tenantId, TaskQuery query) {
        BoolQuery.Builder bool = new BoolQuery.Builder();
        bool.filter(term("tenantId", List.of(tenantId)));
        query.fields().forEach((field, values) -> bool.filter(term(field.wireName(), values)));
        if (query.priorityMin() != null || query.priorityMax() != null) {
            bool.filter(q -> q.range(r -> r.number(n -> n.field("priority")
                    .gte(query.priorityMin() == null ? null : query.priorityMin().doubleValue())
                    .lte(query.priorityMax() == null ? null : query.priorityMax().doubleValue()))));
        }
        range(bool, "dueAt", query.dueAfter(), query.dueBefore());
        range(bool, "createdAt", query.createdAfter(), query.createdBefore());
        if (query.overdue() != null) {
            Query overdue = Query.of(q -> q.bool(b -> b
                    .filter(f -> f.range(r -> r.date(d -> d.field("dueAt").lt(millis(query.now()))
                            .format("epoch_millis"))))
                    .mustNot(term("status", TaskQuery.FINAL_STATUSES))));
            if (query.overdue()) {
                bool.filter(overdue);
            }
            else {
                bool.mustNot(overdue);
            }
        }
        query.attributes().forEach((name, values) -> bool.filter(term("attributes." + name, values)));
        if (!query.words().isEmpty()) {
            bool.filter(q -> q.match(m -> m.field("text").query(String.join(" ", query.words()))
                    .operator(Operator.And)));
        }
        return Query.of(q -> q.bool(bool.build()));
    }

    private static void range(BoolQuery.Builder bool, String field, java.time.Instant from, java.time.Instant before) {
        if (from == null && before == null) {
            return;
        }
        bool.filter(q -> q.range(r -> r.date(d -> d.field(field).format("epoch_millis")
                .gte(from == null ? null : millis(from)).lt(before == null ? null : millis(before)))));
    }

    private static Query term(String field, List<String> values) {
        return Query.of(q -> q.terms(t -> t.field(field)
                .terms(v -> v.value(values.stream().map(FieldValue::of).toList()))));
    }

    private static String millis(java.time.Instant instant) {
        return Long.toString(instant.toEpochMilli());
    }
}
