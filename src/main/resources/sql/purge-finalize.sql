-- A detach that a crash or a timeout interrupted; the partition's quoted name is formatted in.
ALTER TABLE item_history DETACH PARTITION %s FINALIZE
