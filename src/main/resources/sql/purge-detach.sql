-- DDL takes no parameters: the partition's quoted name (HistoryPartition.quoted) is formatted in.
ALTER TABLE item_history DETACH PARTITION %s CONCURRENTLY
