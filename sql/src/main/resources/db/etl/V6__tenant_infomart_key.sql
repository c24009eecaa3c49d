-- The tenant's key in the Genesys Info Mart (resource_.tenant_key), for the agent load. Null: the tenant id when
-- it is a number (the original's tenants are numbers such as 100), else no agents are loaded for the tenant.
ALTER TABLE tenant ADD COLUMN infomart_tenant_key integer;
