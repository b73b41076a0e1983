-- The detached partition's quoted name is formatted in.
DROP TABLE IF EXISTS %s
