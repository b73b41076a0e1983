-- Readiness: PostgreSQL answers.
SELECT 1
