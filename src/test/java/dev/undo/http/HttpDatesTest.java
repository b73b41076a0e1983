package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HttpDatesTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  @Test
  void rfc3339WritesMillisecondsInUtcAndTruncates() {
    assertThat(HttpDates.rfc3339(Instant.parse("2026-11-22T10:00:00Z"))).isEqualTo("2026-11-22T10:00:00.000Z");
    assertThat(HttpDates.rfc3339(Instant.parse("2026-01-02T03:04:05.999999999Z"))).isEqualTo("2026-01-02T03:04:05.999Z");
    assertThat(HttpDates.rfc3339(Instant.EPOCH)).isEqualTo("1970-01-01T00:00:00.000Z");
    assertThat(HttpDates.rfc3339(Instant.parse("1969-12-31T23:59:59.001Z"))).isEqualTo("1969-12-31T23:59:59.001Z");
    assertThat(HttpDates.rfc3339(null)).isNull();
  }

  @Test
  void rfc3339OutsideFourDigitYearsFallsBackToTheFormatter() {
    Instant far = Instant.parse("+10000-01-01T00:00:00Z");
    assertThat(HttpDates.rfc3339(far)).isEqualTo(REFERENCE.format(far)).startsWith("+10000-");
    Instant yearZero = Instant.parse("0000-06-01T12:00:00.5Z");
    assertThat(HttpDates.rfc3339(yearZero)).isEqualTo("0000-06-01T12:00:00.500Z");
  }

  @Test
  void rfc3339AgreesWithDateTimeFormatterOnRandomInstants() {
    long seed = System.nanoTime();
    System.out.println("HttpDatesTest seed " + seed);
    Random random = new Random(seed);
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    for (int i = 0; i < 100_000; i++) {
      Instant instant = Instant.ofEpochSecond(min + (long) (random.nextDouble() * (max - min)), random.nextInt(1_000_000_000));
      assertThat(HttpDates.rfc3339(instant)).as("seed %d, %s", seed, instant).isEqualTo(REFERENCE.format(instant));
    }
  }
}
