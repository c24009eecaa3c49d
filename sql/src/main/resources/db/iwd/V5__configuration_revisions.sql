-- A tenant-wide configuration revision: every configuration change of a tenant takes the next one, under a lock
-- of the tenant row, so revisions follow commit order and "changed since revision N" is an exact incremental read.
ALTER TABLE tenant ADD COLUMN config_revision bigint NOT NULL DEFAULT 0;
ALTER TABLE config_object ADD COLUMN revision bigint NOT NULL DEFAULT 0;
ALTER TABLE config_event ADD COLUMN revision bigint NOT NULL DEFAULT 0;
CREATE INDEX config_object_revision ON config_object (tenant_id, kind, revision);
-- Names are unique among the live children of one parent (case-insensitive), as operators tell them apart by name.
CREATE UNIQUE INDEX config_object_name ON config_object (tenant_id, kind, coalesce(parent_id, ''), lower(name))
    WHERE NOT deleted;
