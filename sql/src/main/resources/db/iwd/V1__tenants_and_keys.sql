-- Tenants, their API keys and the audit of every provisioning and key operation.
CREATE TABLE tenant (
    tenant_id  varchar(32) PRIMARY KEY CHECK (tenant_id ~ '^[A-Za-z0-9_-]{1,32}$'),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    time_zone  text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Keys are random 192-bit secrets, so a single SHA-256 is a sufficient one-way hash (no salt or stretching
-- needed, unlike passwords); only the hash and a short prefix for operators are stored.
CREATE TABLE api_key (
    key_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id  varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    role       text        NOT NULL CHECK (role IN ('tenant', 'datamart', 'email', 'import')),
    key_hash   bytea       NOT NULL UNIQUE,
    key_prefix text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
CREATE INDEX api_key_tenant ON api_key (tenant_id);

-- Kept after a tenant is deleted: the audit outlives what it audits.
CREATE TABLE audit_log (
    audit_id    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at timestamptz NOT NULL DEFAULT now(),
    actor       text        NOT NULL,
    action      text        NOT NULL,
    tenant_id   varchar(32),
    outcome     text        NOT NULL,
    details     jsonb
);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, occurred_at);
