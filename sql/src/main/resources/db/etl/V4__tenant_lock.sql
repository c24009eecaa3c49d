-- One Data Mart-writing job per tenant at a time, across replicas, schedulers, manual and one-shot launches: a
-- lease row. The holder renews lease_until while it runs; a crashed holder's lease runs out and frees the tenant.
CREATE TABLE tenant_lock (
    tenant_id    varchar(32) PRIMARY KEY REFERENCES tenant ON DELETE CASCADE,
    owner        text        NOT NULL,
    job_name     text        NOT NULL,
    acquired_at  timestamptz NOT NULL DEFAULT now(),
    lease_until  timestamptz NOT NULL
);
