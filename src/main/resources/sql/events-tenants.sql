-- The tenants whose items can have events: those with collections.
SELECT DISTINCT tenant_id FROM collections
