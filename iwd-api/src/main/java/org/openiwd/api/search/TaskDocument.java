package org.openiwd.api.search;

import java.util.Map;

/**
 * A task as its Elasticsearch document: indexed under its id with its version as the external version, so a
 * stale write never replaces a newer document.
 */
record TaskDocument(String tenantId, long taskId, long version, Map<String, Object> source) {
}
