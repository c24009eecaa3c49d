-- The tenants this Data Mart serves, registered from the IWD API's tenant list without a restart.
-- Each tenant's star schema lives in its own schema, migrated by Flyway with its own history table.
CREATE TABLE tenant (
    tenant_id     varchar(32) PRIMARY KEY CHECK (tenant_id ~ '^[A-Za-z0-9_-]{1,32}$'),
    name          text        NOT NULL,
    time_zone     text        NOT NULL,
    -- tenant_<id> in lower case with '-' as '_': unquoted, so BI tools can name it; unique, so ids that fold
    -- together ("Acme", "acme") are refused at registration instead of sharing a schema.
    schema_name   text        NOT NULL UNIQUE CHECK (schema_name ~ '^tenant_[a-z0-9_]{1,32}$'),
    status        text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deleted')),
    registered_at timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);
