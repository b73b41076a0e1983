package dev.undo.domain;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/** ISO 8601 durations as the API writes them: whole days as {@code P90D}, the rest as {@code PT30S}. */
public final class IsoDurations {
  private IsoDurations() {}

  public static String format(Duration duration) {
    if (!duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0) {
      return "P" + duration.toDays() + "D";
    }
    return duration.toString();
  }

  public static Duration parse(String member, String text) {
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException(member + " must be an ISO 8601 duration such as PT30S or P90D, was '" + text + "'");
    }
  }
}
