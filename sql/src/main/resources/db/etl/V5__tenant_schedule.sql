-- Each tenant's job schedules: cron expressions in the tenant's time zone, created from the configured defaults
-- when the tenant is registered, then changed per tenant by operators. Quartz triggers follow these rows.
CREATE TABLE tenant_schedule (
    tenant_id  varchar(32) NOT NULL REFERENCES tenant ON DELETE CASCADE,
    job_name   text        NOT NULL,
    cron       text        NOT NULL,
    enabled    boolean     NOT NULL DEFAULT true,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, job_name)
);
