-- Schema 7: deletions of many items (POST /v1/collections/{c}/deletions).
--
-- A batch remembers its Idempotency-Key and what was asked (a digest of the collection and the ids),
-- so that a retry answers the first answer and the same key with another body is refused; the key is
-- kept with the deletion's row, that is for the undo window. already_deleted: the ids the batch named
-- that were deleted before it (they keep their own deletion), which its answer lists. A batch whose
-- every item was deleted before is recorded too, with no items, so that its key is remembered.

ALTER TABLE deletions
    ADD COLUMN idempotency_key text,
    ADD COLUMN request_digest  bytea,
    ADD COLUMN already_deleted uuid[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT deletions_idempotency CHECK ((idempotency_key IS NULL) = (request_digest IS NULL));
CREATE UNIQUE INDEX deletions_by_idempotency_key ON deletions (tenant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
