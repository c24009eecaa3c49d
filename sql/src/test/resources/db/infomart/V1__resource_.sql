-- Test fixture only: the Genesys Info Mart RESOURCE_ dimension as a PostgreSQL Info Mart has it (unquoted,
-- lower case). Never migrated into a real Info Mart; etl-jobs only reads it.
CREATE TABLE resource_ (
    resource_key       integer      NOT NULL PRIMARY KEY,
    resource_name      varchar(255),
    resource_type_code varchar(32),
    resource_subtype   varchar(255),
    agent_first_name   varchar(64),
    agent_last_name    varchar(64),
    employee_id        varchar(255),
    user_name          varchar(255),
    tenant_key         integer      NOT NULL,
    start_ts           integer,
    end_ts             integer,
    create_audit_key   numeric(19)  NOT NULL,
    update_audit_key   numeric(19)  NOT NULL,
    purge_flag         numeric(1)
);
CREATE INDEX resource_update_audit ON resource_ (tenant_key, update_audit_key);
