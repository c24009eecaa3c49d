-- GET /iwd/v3/provisioning/audit pages a tenant's audit rows by id (keyset): the index that serves it. Without a
-- tenant filter the primary key serves the paging.
CREATE INDEX audit_log_tenant_id ON audit_log (tenant_id, audit_id);
