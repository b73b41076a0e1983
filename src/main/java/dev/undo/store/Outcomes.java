package dev.undo.store;

import io.vertx.sqlclient.Row;
import java.util.Locale;

/**
 * Reads a statement's {@code outcome} column into that statement's own enum. An outcome the enum
 * does not name is a bug between the SQL and the Java, and fails the request rather than turning into
 * some other answer.
 */
final class Outcomes {
  private Outcomes() {}

  static <E extends Enum<E>> E of(Class<E> outcomes, Row row) {
    String outcome = row.getString("outcome");
    try {
      return Enum.valueOf(outcomes, outcome.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException unknown) {
      throw new IllegalStateException("the statement answered the outcome '" + outcome + "', which "
          + outcomes.getSimpleName() + " does not name", unknown);
    }
  }
}
