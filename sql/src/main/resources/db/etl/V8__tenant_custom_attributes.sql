-- Per-tenant overrides of the custom attribute mapping of etl-jobs.yml (iwd.etl.custom-attributes): which task
-- attribute goes to a task fact column (custom_attribute1..10) or a custom_dim value (custom_dim1..5). A row
-- replaces the default of its target only; a NULL attribute leaves the target unmapped for the tenant. Changes
-- apply to the events loaded from then on.
CREATE TABLE tenant_custom_attribute (
    tenant_id  varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    target     text        NOT NULL CHECK (target ~ '^(custom_attribute([1-9]|10)|custom_dim[1-5])$'),
    attribute  text        CHECK (attribute ~ '^[A-Za-z0-9_]{1,64}$'),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, target)
);
