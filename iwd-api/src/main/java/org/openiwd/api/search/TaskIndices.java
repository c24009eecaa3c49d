package org.openiwd.api.search;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ExpandWildcard;
import co.elastic.clients.elasticsearch._types.VersionType;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import co.elastic.clients.elasticsearch.indices.resolve_index.ResolveIndexAliasItem;
import co.elastic.clients.elasticsearch.indices.resolve_index.ResolveIndexItem;
import org.springframework.stereotype.Component;

/**
 * The Elasticsearch side of tenants' indices: creating them with the mapping of {@code task-index.json}, finding
 * them, pointing an alias at a new generation, deleting them, and bulk-indexing documents with external versions.
 * Only calls this Elasticsearch distribution has (no reindex, no delete-by-query). Every method throws
 * {@link IOException} when Elasticsearch cannot be reached and {@code ElasticsearchException} when it refuses.
 */
@Component
@OnElasticsearchBackend
class TaskIndices {

    private static final String MAPPING = "task-index.json";

    private final ElasticsearchClient es;
    private final TaskIndexNames names;
    private final int replicas;

    TaskIndices(ElasticsearchClient es, TaskIndexNames names, SearchProperties properties) {
        this.es = es;
        this.names = names;
        this.replicas = properties.indexReplicas();
    }

    /** The tenant's concrete indices, by name, whatever their generation and whether the alias points at them. */
    List<ResolveIndexItem> indices(String tenantId) throws IOException {
        return es.indices().resolveIndex(r -> r.name(names.indexPattern(tenantId)).expandWildcards(ExpandWildcard.All))
                .indices();
    }

    boolean aliasExists(String tenantId) throws IOException {
        String alias = names.alias(tenantId);
        return es.indices().resolveIndex(r -> r.name(alias).allowNoIndices(true).ignoreUnavailable(true))
                .aliases().stream().anyMatch(a -> a.name().equals(alias));
    }

    /** The names of every alias of this installation. */
    Set<String> aliases() throws IOException {
        Set<String> aliases = new HashSet<>();
        for (ResolveIndexAliasItem alias : es.indices().resolveIndex(r -> r.name(names.aliasPattern())).aliases()) {
            aliases.add(alias.name());
        }
        return aliases;
    }

    /** Creates an empty index with the task mapping and no alias. */
    void create(String index) throws IOException {
        try (InputStream mapping = getClass().getResourceAsStream(MAPPING)) {
            if (mapping == null) {
                throw new IllegalStateException(MAPPING + " is missing from the class path");
            }
            es.indices().create(c -> c.withJson(mapping).index(index)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas(Integer.toString(replicas))));
        }
    }

    /**
     * In one atomic alias update: points the tenant's alias at {@code index} and deletes {@code others} (earlier
     * generations, or leftovers of an interrupted build), so a search sees the old index or the new one, never
     * neither.
     */
    void switchAlias(String tenantId, String index, List<String> others) throws IOException {
        List<Action> actions = new ArrayList<>();
        actions.add(Action.of(a -> a.add(add -> add.index(index).alias(names.alias(tenantId)))));
        for (String other : others) {
            actions.add(Action.of(a -> a.removeIndex(r -> r.index(other))));
        }
        es.indices().updateAliases(u -> u.actions(actions));
    }

    void delete(List<String> indices) throws IOException {
        if (!indices.isEmpty()) {
            es.indices().delete(d -> d.index(indices));
        }
    }

    void refresh(String tenantId) throws IOException {
        es.indices().refresh(r -> r.index(names.alias(tenantId)));
    }

    /**
     * Indexes the documents with their task versions as external versions, each into the index {@code target}
     * names; with {@code requireAlias} a target that is not an alias fails (404) instead of creating an index.
     */
    List<BulkResponseItem> bulk(List<TaskDocument> documents, Function<TaskDocument, String> target,
            boolean requireAlias) throws IOException {
        if (documents.isEmpty()) {
            return List.of();
        }
        List<BulkOperation> operations = new ArrayList<>(documents.size());
        for (TaskDocument document : documents) {
            operations.add(BulkOperation.of(o -> o.index(i -> i.index(target.apply(document))
                    .id(Long.toString(document.taskId())).version(document.version())
                    .versionType(VersionType.External).document(document.source()))));
        }
        BulkResponse response = es.bulk(b -> b.operations(operations).requireAlias(requireAlias));
        return response.items();
    }

    /** Whether a bulk item needs nothing more: written, or refused because the index holds this version or newer. */
    static boolean done(BulkResponseItem item) {
        return item.error() == null || item.status() == 409;
    }

    /** Whether a bulk item failed because its alias does not exist. */
    static boolean aliasMissing(BulkResponseItem item) {
        return item.status() == 404 && item.error() != null && "index_not_found_exception".equals(item.error().type());
    }

    /** Whether a bulk item failed for a reason that may pass (overload, a shard not ready). */
    static boolean retryable(BulkResponseItem item) {
        return item.status() == 429 || item.status() >= 500;
    }
}
