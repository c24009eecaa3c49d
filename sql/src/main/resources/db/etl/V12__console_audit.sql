-- Every operator action of the batch admin console and its JSON API (docs/console.md): who did what, when, to
-- which tenant or execution, and how it ended. Written by the console, read by admins; never updated.
CREATE TABLE console_audit (
    audit_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at           timestamptz NOT NULL DEFAULT now(),
    username     text        NOT NULL,
    action       text        NOT NULL,
    tenant_id    varchar(32),
    target       text,
    outcome      text        NOT NULL CHECK (outcome IN ('OK', 'REFUSED', 'FAILED')),
    details      text
);
CREATE INDEX console_audit_at ON console_audit (at DESC);
