/**
 * Task search, {@code GET /iwd/v3/tasks}: filters, full text, sort and cursor paging, answered by Elasticsearch
 * (an index per tenant behind an alias, fed through a transactional outbox by {@link SearchIndexer}) or by
 * PostgreSQL, which serves small installs and every search while Elasticsearch is unreachable or behind. Both
 * backends give the same answers ({@code TaskSearchContractTest}); the response header
 * {@code x-iwd-search-backend} names the one that answered. See docs/search.md.
 */
package org.openiwd.api.search;
