package dev.undo.retention;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * One partition of item_history: the rows whose {@code purge_at} falls on the UTC days from
 * {@code first} up to but not including {@code end}, so every row in it is purgeable once
 * {@code end} has begun. Its name and days come from PostgreSQL, where the naming rule is
 * ({@code R__history_partition_names.sql}).
 */
record HistoryPartition(String name, LocalDate first, LocalDate end) {
  /** A row with {@code name}, {@code first_day} and {@code end_day}, as the purge's statements answer. */
  static HistoryPartition of(Row row) {
    return new HistoryPartition(row.getString("name"), row.getLocalDate("first_day"), row.getLocalDate("end_day"));
  }

  /** True once every row's purge time has passed: the partition's upper bound is not after now. */
  boolean expiredAt(Instant now) {
    return !end.atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(now);
  }

  /** The name as an SQL identifier, for the DDL that takes no parameters. */
  String quoted() {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }
}
