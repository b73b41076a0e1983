package dev.undo.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Benchmarks write their results as JSON under target/bench/, and keep their PostgreSQL data
 * directories under target/bench/data/, which each run empties first: a gigabyte or so a run,
 * that left in /tmp filled the disk after a few dozen runs.
 */
final class BenchOutput {
  private static final Path DATA = Path.of("target", "bench", "data");

  private BenchOutput() {}

  /** A fresh directory for this run's data; the previous runs' data of this benchmark is deleted. */
  static Path dataDirectory(String name) throws IOException {
    Path dir = DATA.resolve(name);
    if (Files.exists(dir)) {
      try (var paths = Files.walk(dir)) {
        for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(path);
        }
      }
    }
    return Files.createDirectories(dir);
  }

  static void write(String name, JsonObject result) throws IOException {
    Path dir = Path.of("target", "bench");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, result.encodePrettily());
    System.out.println("wrote " + file);
  }
}
