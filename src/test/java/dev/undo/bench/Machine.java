package dev.undo.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** A line that says what the numbers were measured on. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("model name")).map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst().orElse(cpu);
    } catch (Exception ignored) {
      // not Linux; the rest still says something
    }
    return Runtime.getRuntime().availableProcessors() + " cores, " + cpu + ", "
        + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB heap, Java " + System.getProperty("java.version");
  }
}
