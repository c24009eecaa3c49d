package org.openiwd.api.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads tasks from table {@code task} as Elasticsearch documents. Attribute values are kept as the JSON text that
 * PostgreSQL's {@code ->>} gives ({@code 5.50}, {@code true}, {@code red}), which is what both backends compare a
 * filter with; the {@code text} field holds what full text searches: subject, description and the string
 * attributes, like index {@code task_search_text}. Runs in the caller's transaction.
 */
@Component
class TaskDocuments {

    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<List<String>> LIST = new TypeReference<>() { };
    private static final String SELECT = """
            SELECT t.task_id, t.tenant_id, t.version, t.capture_id, t.capture_point_id, t.status, t.solution_id,
                t.department_id, t.process_id, t.category_id, t.queue_id, t.agent_id, t.media_type, t.priority,
                t.business_value, search_millis(t.due_at) AS due_at, search_millis(t.activation_at) AS activation_at,
                search_millis(t.source_created_at) AS source_created_at, search_millis(t.created_at) AS created_at,
                search_millis(t.updated_at) AS updated_at, t.subject, t.description,
                (SELECT jsonb_object_agg(key, value) FROM jsonb_each_text(t.attributes))::text AS attribute_text,
                (SELECT jsonb_agg(value #>> '{}') FROM jsonb_each(t.attributes)
                    WHERE jsonb_typeof(value) = 'string')::text AS attribute_strings
            FROM task t
            """;
    private static final String[] KEYWORDS = {"captureId", "capture_id", "capturePointId", "capture_point_id",
        "status", "status", "solutionId", "solution_id", "departmentId", "department_id", "processId", "process_id",
        "categoryId", "category_id", "queueId", "queue_id", "agentId", "agent_id", "mediaType", "media_type"};
    private static final String[] NUMBERS = {"priority", "priority", "businessValue", "business_value", "dueAt",
        "due_at", "activationAt", "activation_at", "sourceCreatedAt", "source_created_at", "createdAt", "created_at",
        "updatedAt", "updated_at"};

    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final JsonMapper json;

    TaskDocuments(JdbcClient jdbc, JdbcTemplate template, JsonMapper json) {
        this.jdbc = jdbc;
        this.template = template;
        this.json = json;
    }

    /** The current documents of the tasks with these ids that still exist, of any tenant. */
    List<TaskDocument> find(Collection<Long> taskIds) {
        if (taskIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + "WHERE t.task_id IN (:ids)").param("ids", taskIds).query(this::document).list();
    }

    /**
     * Streams every task of the tenant to {@code batches} in lists of at most {@code batchSize}, with a database
     * cursor, so memory stays bounded; needs a transaction (PostgreSQL streams only inside one).
     */
    void streamTenant(String tenantId, int batchSize, Consumer<List<TaskDocument>> batches) {
        List<TaskDocument> batch = new ArrayList<>(batchSize);
        template.query(connection -> {
            var statement = connection.prepareStatement(SELECT + "WHERE t.tenant_id = ? ORDER BY t.task_id");
            statement.setFetchSize(batchSize);
            statement.setString(1, tenantId);
            return statement;
        }, (ResultSet rs) -> {
            batch.add(document(rs, 0));
            if (batch.size() == batchSize) {
                batches.accept(List.copyOf(batch));
                batch.clear();
            }
        });
        if (!batch.isEmpty()) {
            batches.accept(List.copyOf(batch));
        }
    }

    private TaskDocument document(ResultSet rs, int row) throws SQLException {
        long id = rs.getLong("task_id");
        String tenant = rs.getString("tenant_id");
        long version = rs.getLong("version");
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("id", id);
        source.put("tenantId", tenant);
        source.put("version", version);
        for (int i = 0; i < KEYWORDS.length; i += 2) {
            putIfPresent(source, KEYWORDS[i], rs.getString(KEYWORDS[i + 1]));
        }
        for (int i = 0; i < NUMBERS.length; i += 2) {
            putIfPresent(source, NUMBERS[i], (Number) rs.getObject(NUMBERS[i + 1]));
        }
        String attributes = rs.getString("attribute_text");
        Map<String, String> values = attributes == null ? Map.of() : json.readValue(attributes, STRINGS);
        Map<String, String> present = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (value != null) {
                present.put(name, value);
            }
        });
        source.put("attributes", present);
        List<String> text = new ArrayList<>();
        addIfPresent(text, rs.getString("subject"));
        addIfPresent(text, rs.getString("description"));
        String strings = rs.getString("attribute_strings");
        if (strings != null) {
            json.readValue(strings, LIST).forEach(value -> addIfPresent(text, value));
        }
        source.put("text", text);
        return new TaskDocument(tenant, id, version, source);
    }

    private static void putIfPresent(Map<String, Object> source, String name, Object value) {
        if (value != null) {
            source.put(name, value);
        }
    }

    private static void addIfPresent(List<String> text, String value) {
        if (value != null && !value.isEmpty()) {
            text.add(value);
        }
    }
}
