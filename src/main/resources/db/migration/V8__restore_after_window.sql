-- Schema 8: the trash. A collection says whether its deletions may be restored after their undo
-- window has closed (until their tombstones are purged); by default they may.
ALTER TABLE collections ADD COLUMN restore_after_window boolean NOT NULL DEFAULT true;
