package dev.undo.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import javax.sql.DataSource;

/**
 * The embedded server's superuser password. initdb, as zonky runs it, trusts every local connection,
 * so any user of the machine could connect as superuser. After the first start the server asks
 * for a password on loopback (SCRAM), one generated here and kept beside the data, in the data
 * directory that initdb made readable by its owner only; it has no Unix socket at all.
 */
final class LoopbackPassword {
  static final String FILE = "undo-service.password";
  private static final String MARKER = "# undo-service: loopback only, with the password in " + FILE;

  private LoopbackPassword() {}

  /** The password of {@code dataDir}'s server, made and kept the first time. */
  static String of(Path dataDir) {
    Path file = dataDir.resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String password = HexFormat.of().formatHex(random);
      Path next = dataDir.resolve(FILE + ".next");
      Files.writeString(next, password + "\n", StandardCharsets.US_ASCII);
      Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return password;
    } catch (IOException e) {
      throw new UncheckedIOException("could not keep the embedded PostgreSQL's password in " + file, e);
    }
  }

  /**
   * Makes the running server ask for {@code password}, once: sets it, replaces initdb's
   * {@code pg_hba.conf} and reloads. A server that already asks is left as it is.
   */
  static void require(Path dataDir, DataSource superuser, String password) {
    Path hba = dataDir.resolve("pg_hba.conf");
    try {
      if (Files.readString(hba, StandardCharsets.UTF_8).startsWith(MARKER)) {
        return;
      }
      try (Connection connection = superuser.getConnection(); Statement statement = connection.createStatement()) {
        statement.execute(SqlStatements.load("embedded-password").formatted(password));
        Files.writeString(hba, MARKER + "\n"
            + "host all all 127.0.0.1/32 scram-sha-256\n"
            + "host all all ::1/128 scram-sha-256\n", StandardCharsets.UTF_8);
        statement.execute(SqlStatements.load("embedded-reload"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + hba, e);
    } catch (SQLException e) {
      throw new IllegalStateException("could not set the embedded PostgreSQL's password: " + e.getMessage(), e);
    }
  }
}
