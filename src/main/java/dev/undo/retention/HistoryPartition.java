package dev.undo.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One day partition of item_history, named {@code item_history_YYYYMMDD}: it holds the rows whose
 * {@code purge_at} falls on that UTC day, so every row in it is purgeable once the day has ended.
 */
record HistoryPartition(String name, LocalDate day) {
  private static final Pattern NAME = Pattern.compile("^item_history_(\\d{8})$");

  /** The partition of that name, or null when the name is not one this service makes. */
  static HistoryPartition named(String name) {
    Matcher matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      return null;
    }
    return new HistoryPartition(name, LocalDate.parse(matcher.group(1), DateTimeFormatter.BASIC_ISO_DATE));
  }

  /** True once every row's purge time has passed: the partition's upper bound is not after now. */
  boolean expiredAt(Instant now) {
    return !day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(now);
  }

  /** The name, quoted for SQL; the pattern above already allows nothing that needs escaping. */
  String quoted() {
    return "\"" + name + "\"";
  }
}
