package dev.undo.retention;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One partition of item_history: the rows whose {@code purge_at} falls on the UTC days from
 * {@code first} up to but not including {@code end}, so every row in it is purgeable once
 * {@code end} has begun. Named {@code item_history_<first>_<end>}, or {@code item_history_<first>}
 * when it spans one day (the only kind schema version 1 made).
 */
record HistoryPartition(String name, LocalDate first, LocalDate end) {
  private static final Pattern NAME = Pattern.compile("^item_history_(\\d{8})(?:_(\\d{8}))?$");

  /** The partition of that name, or null when the name is not one this service makes. */
  static HistoryPartition named(String name) {
    Matcher matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      return null;
    }
    LocalDate first = LocalDate.parse(matcher.group(1), DateTimeFormatter.BASIC_ISO_DATE);
    LocalDate end = matcher.group(2) == null ? first.plusDays(1) : LocalDate.parse(matcher.group(2), DateTimeFormatter.BASIC_ISO_DATE);
    return new HistoryPartition(name, first, end);
  }

  /** True once every row's purge time has passed: the partition's upper bound is not after now. */
  boolean expiredAt(Instant now) {
    return !end.atStartOfDay().toInstant(ZoneOffset.UTC).isAfter(now);
  }

  /** The name, quoted for SQL; the pattern above already allows nothing that needs escaping. */
  String quoted() {
    return "\"" + name + "\"";
  }
}
