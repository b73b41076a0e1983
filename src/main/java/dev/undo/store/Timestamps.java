package dev.undo.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** The API shows milliseconds, so that is the precision the service stores. */
public final class Timestamps {
  private Timestamps() {}

  public static OffsetDateTime toDb(Instant instant) {
    return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  public static Instant fromDb(OffsetDateTime value) {
    return value == null ? null : value.toInstant();
  }
}
