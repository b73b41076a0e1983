-- The shared secret of this name: the one stored, or else the candidate, stored now.
-- $1 name, $2 candidate secret
WITH stored AS (
    INSERT INTO service_keys (name, secret) VALUES ($1::text, $2::bytea)
    ON CONFLICT (name) DO NOTHING
    RETURNING secret
)
SELECT secret FROM stored
UNION ALL
SELECT secret FROM service_keys WHERE name = $1
LIMIT 1
