-- A detach that a crash or a timeout interrupted; the partition's quoted name is formatted in.
ALTER TABLE events DETACH PARTITION %s FINALIZE
