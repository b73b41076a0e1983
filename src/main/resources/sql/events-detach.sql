-- DDL takes no parameters: the partition's quoted name is formatted in.
ALTER TABLE events DETACH PARTITION %s CONCURRENTLY
