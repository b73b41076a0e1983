package dev.undo.http;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.OffsetDateTime;
import java.util.Locale;

/** The two time formats of the API: RFC 3339 with milliseconds in bodies, IMF-fixdate in headers. */
final class HttpDates {
  private static final DateTimeFormatter RFC3339_MILLIS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM uuuu HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  private HttpDates() {}

  static String rfc3339(Instant instant) {
    return instant == null ? null : RFC3339_MILLIS.format(instant);
  }

  static String imfFixdate(Instant instant) {
    return IMF_FIXDATE.format(instant);
  }

  /** An RFC 3339 date-time with an offset ({@code Z} or {@code +01:00}), or null when it is not one. */
  static Instant parseRfc3339(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
