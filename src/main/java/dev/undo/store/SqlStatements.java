package dev.undo.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** SQL lives in {@code src/main/resources/sql/*.sql}, where it reads as SQL; this loads it once. */
public final class SqlStatements {
  private SqlStatements() {}

  public static String load(String name) {
    String path = "/sql/" + name + ".sql";
    try (InputStream in = SqlStatements.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing SQL resource " + path);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
