package dev.undo.domain;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * ISO 8601 durations of fixed length. Written as whole days ({@code P90D}) or as the rest
 * ({@code PT30S}); read also in weeks ({@code P2W}). Years and months are refused with the reason:
 * they have no fixed length, and a window or a retention must have one.
 */
public final class IsoDurations {
  /** Years or months: a Y, or an M before any T (an M after the T is minutes). */
  private static final Pattern YEARS_OR_MONTHS = Pattern.compile("(?i)^[-+]?P[^T]*[YM].*");

  private IsoDurations() {}

  public static String format(Duration duration) {
    if (!duration.isZero() && duration.toSeconds() % 86_400 == 0 && duration.toNanosPart() == 0) {
      return "P" + duration.toDays() + "D";
    }
    return duration.toString();
  }

  public static Duration parse(String member, String text) {
    if (YEARS_OR_MONTHS.matcher(text).matches()) {
      throw new InvalidRequestException(member + " must have a fixed length, and years and months have none: give days (P90D) or weeks (P2W), was '" + text + "'");
    }
    try {
      return Duration.parse(text);
    } catch (DateTimeParseException notDaysAndTime) {
      try {
        // Weeks, with or without days: java.time reads them as a Period only.
        return Duration.ofDays(Period.parse(text).getDays());
      } catch (DateTimeParseException | ArithmeticException notWeeks) {
        throw new InvalidRequestException(member + " must be an ISO 8601 duration such as PT30S, P90D or P2W, was '" + text + "'");
      }
    }
  }
}
