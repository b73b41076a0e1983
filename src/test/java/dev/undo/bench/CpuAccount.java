package dev.undo.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time spent by the three parties of a benchmark on one machine: this JVM (the load generator,
 * or the raw-SQL client), the service's JVM, and PostgreSQL (every process named postgres). It says
 * where the cores went, which a rate alone cannot: the three share them.
 *
 * <p>Read from /proc (user plus system time, in clock ticks of 1/100 s); elsewhere it is not
 * {@link #available()} and the benchmark leaves the figures out.
 */
final class CpuAccount {
  /** The kernel's USER_HZ, the unit of /proc/[pid]/stat times: 100 on every mainstream Linux. */
  private static final long NANOS_PER_TICK = 10_000_000;
  private static final Path PROC = Path.of("/proc");

  /** CPU nanoseconds of each party since some fixed point. */
  record Reading(long bench, long service, long postgres) {
    Reading minus(Reading earlier) {
      return new Reading(bench - earlier.bench, service - earlier.service, postgres - earlier.postgres);
    }

    Reading plus(Reading other) {
      return new Reading(bench + other.bench, service + other.service, postgres + other.postgres);
    }

    Reading dividedBy(long operations) {
      return operations == 0 ? NONE : new Reading(bench / operations, service / operations, postgres / operations);
    }
  }

  static final Reading NONE = new Reading(0, 0, 0);

  private CpuAccount() {}

  static boolean available() {
    return Files.isReadable(PROC.resolve("self/stat"));
  }

  static Reading read(ProcessHandle service) {
    if (!available()) {
      return NONE;
    }
    long bench = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    return new Reading(bench, ticks(PROC.resolve(Long.toString(service.pid())).resolve("stat")) * NANOS_PER_TICK,
        postgresTicks() * NANOS_PER_TICK);
  }

  private static long postgresTicks() {
    long total = 0;
    try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, entry -> entry.getFileName().toString().matches("\\d+"))) {
      for (Path process : processes) {
        String stat = readStat(process.resolve("stat"));
        if (stat != null && stat.contains("(postgres)")) {
          total += ticks(stat);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return total;
  }

  private static long ticks(Path stat) {
    String text = readStat(stat);
    return text == null ? 0 : ticks(text);
  }

  /** utime + stime: fields 14 and 15, counted after the parenthesised command name. */
  private static long ticks(String stat) {
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static String readStat(Path stat) {
    try {
      return Files.readString(stat);
    } catch (IOException gone) {
      // The process ended between listing and reading: it spent nothing more.
      return null;
    }
  }
}
