package dev.undo.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What PostgreSQL writes into {@code postmaster.pid} while a server runs on a data directory: the
 * postmaster's process id, its start time (seconds since the epoch) and its port (lines 1, 3 and 4;
 * see the PostgreSQL documentation, "Database File Layout").
 */
record PostmasterPidFile(long pid, long startedAtEpochSecond, int port) {
  static final String NAME = "postmaster.pid";

  /** The file of {@code dataDir}, or empty when there is none (no server, or one that stopped cleanly). */
  static Optional<PostmasterPidFile> read(Path dataDir) {
    List<String> lines;
    try {
      lines = Files.readAllLines(dataDir.resolve(NAME), StandardCharsets.UTF_8);
    } catch (NoSuchFileException none) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + dataDir.resolve(NAME), e);
    }
    if (lines.size() < 4) {
      // A server that is just starting writes the file in steps; it has no port yet.
      return Optional.empty();
    }
    try {
      return Optional.of(new PostmasterPidFile(
          Long.parseLong(lines.get(0).trim()), Long.parseLong(lines.get(2).trim()), Integer.parseInt(lines.get(3).trim())));
    } catch (NumberFormatException e) {
      throw new IllegalStateException(dataDir.resolve(NAME) + " is not a PostgreSQL lock file: " + e.getMessage());
    }
  }

  /** The live process this file names, when it is the process that wrote it (not a later one with a reused id). */
  Optional<ProcessHandle> liveWriter() {
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(process -> process.info().startInstant()
            .map(started -> Math.abs(started.getEpochSecond() - startedAtEpochSecond) <= 2)
            .orElse(false));
  }

  /** How the owner record names this server. */
  String identity() {
    return pid + " " + startedAtEpochSecond;
  }
}
