-- Task search (docs/search.md): the outbox that feeds Elasticsearch, the pending deletions of deleted tenants'
-- indices, and the indexes of the PostgreSQL search, which serves small installs and every search while
-- Elasticsearch is unavailable or behind.

-- One row per committed task change, written in the change's transaction (elasticsearch backend only). The indexer
-- takes rows with FOR UPDATE SKIP LOCKED, indexes the tasks' current rows and deletes the rows in the same
-- transaction once Elasticsearch has them.
CREATE TABLE search_outbox (
    outbox_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id    varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    task_id      bigint      NOT NULL,
    task_version integer     NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
-- The age of a tenant's oldest unindexed change decides whether its searches may use Elasticsearch.
CREATE INDEX search_outbox_tenant_age ON search_outbox (tenant_id, created_at);

-- Indices of deleted tenants that Elasticsearch has not deleted yet (no foreign key: the tenant is gone).
CREATE TABLE search_index_drop (
    tenant_id    varchar(32) PRIMARY KEY,
    requested_at timestamptz NOT NULL DEFAULT now()
);

-- A time as epoch milliseconds, the precision Elasticsearch keeps: both backends sort on it, so that they order
-- and page alike. Declared immutable, which it is (an epoch does not depend on the session's time zone), so that
-- it can be indexed.
CREATE OR REPLACE FUNCTION search_millis(t timestamptz) RETURNS bigint
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN floor(extract(epoch FROM t) * 1000)::bigint;

-- The PostgreSQL search: the default sort and paging, the common filters, and full text over subject,
-- description and the string values of the attributes with the 'simple' configuration (no stemming, no stop
-- words: like the standard analyzer on the Elasticsearch side). Queries repeat these expressions exactly.
-- IF NOT EXISTS: on a large installation, create them beforehand with CREATE INDEX CONCURRENTLY.
CREATE INDEX IF NOT EXISTS task_search_created ON task (tenant_id, search_millis(created_at), task_id);
CREATE INDEX IF NOT EXISTS task_search_status ON task (tenant_id, status);
CREATE INDEX IF NOT EXISTS task_search_queue ON task (tenant_id, queue_id);
CREATE INDEX IF NOT EXISTS task_search_agent ON task (tenant_id, agent_id) WHERE agent_id IS NOT NULL;
CREATE INDEX IF NOT EXISTS task_search_due ON task (tenant_id, due_at) WHERE due_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS task_search_text ON task USING gin ((
    to_tsvector('simple'::regconfig, coalesce(subject, ''))
    || to_tsvector('simple'::regconfig, coalesce(description, ''))
    || to_tsvector('simple'::regconfig, attributes)));
