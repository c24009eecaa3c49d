-- Versioned configuration objects of a tenant. One table for every kind: the kinds share identity, naming,
-- parentage and versioning; their own settings are validated by the API and kept in "settings".
CREATE TABLE config_object (
    tenant_id  varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    kind       text        NOT NULL CHECK (kind IN ('solution', 'department', 'process', 'category', 'capture_point',
                                                     'queue', 'business_calendar', 'mailbox')),
    object_id  varchar(64) NOT NULL,
    parent_id  varchar(64),
    name       text        NOT NULL,
    version    integer     NOT NULL,
    settings   jsonb       NOT NULL DEFAULT '{}',
    deleted    boolean     NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, kind, object_id)
);

-- One row per configuration change: the history the Data Mart builds SCD-2 dimensions from.
CREATE TABLE config_event (
    event_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    feed_id     bigint,
    tenant_id   varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    kind        text        NOT NULL,
    object_id   varchar(64) NOT NULL,
    version     integer     NOT NULL,
    operation   text        NOT NULL CHECK (operation IN ('created', 'updated', 'deleted')),
    object      jsonb       NOT NULL,
    occurred_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX config_event_feed ON config_event (tenant_id, feed_id);
CREATE INDEX config_event_unsequenced ON config_event (event_id) WHERE feed_id IS NULL;
