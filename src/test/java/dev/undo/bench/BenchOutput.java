package dev.undo.bench;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Benchmarks write their results as JSON under target/bench/. */
final class BenchOutput {
  private BenchOutput() {}

  static void write(String name, JsonObject result) throws IOException {
    Path dir = Path.of("target", "bench");
    Files.createDirectories(dir);
    Path file = dir.resolve(name + ".json");
    Files.writeString(file, result.encodePrettily());
    System.out.println("wrote " + file);
  }
}
