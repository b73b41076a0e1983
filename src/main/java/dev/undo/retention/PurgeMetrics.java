package dev.undo.retention;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The purge's meters: {@code undo_purge_runs_total{result}} (purged, idle, skipped, failed),
 * {@code undo_purge_tombstones_moved_total}, {@code undo_purge_partitions_made_total}, {@code undo_purge_partitions_dropped_total},
 * {@code undo_purge_rows_dropped_total}, {@code undo_purge_duration_seconds} and
 * {@code undo_purge_last_success_timestamp_seconds} (for an alert when purges stop succeeding).
 */
final class PurgeMetrics {
  private final MeterRegistry registry;
  private final Counter moved;
  private final Counter made;
  private final Counter dropped;
  private final Counter rows;
  private final Timer duration;
  private final AtomicLong lastSuccess = new AtomicLong();
  private final Clock clock;

  PurgeMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.moved = Counter.builder("undo.purge.tombstones.moved")
        .description("Tombstones moved from items into history once their undo window had closed").register(registry);
    this.made = Counter.builder("undo.purge.partitions.made").description("History partitions made ahead").register(registry);
    this.dropped = Counter.builder("undo.purge.partitions.dropped").description("History partitions dropped").register(registry);
    this.rows = Counter.builder("undo.purge.rows.dropped")
        .description("Rows in the partitions dropped (estimated where analysed, else counted)").register(registry);
    this.duration = Timer.builder("undo.purge.duration").description("Time of one purge tick").register(registry);
    for (String result : new String[] {"purged", "idle", "skipped", "failed"}) {
      runs(result);
    }
    Gauge.builder("undo.purge.last.success.timestamp", lastSuccess, AtomicLong::get)
        .description("Unix time of the last purge tick that succeeded (seconds)")
        .baseUnit("seconds")
        .register(registry);
  }

  void recorded(PurgeReport report) {
    String result = report.skipped() ? "skipped" : report.dropped().isEmpty() ? "idle" : "purged";
    run(result);
    moved.increment(report.tombstonesMoved());
    made.increment(report.partitionsMade());
    dropped.increment(report.dropped().size());
    rows.increment(report.rowsDropped());
    duration.record(report.took());
    if (!report.skipped()) {
      lastSuccess.set(clock.instant().getEpochSecond());
    }
  }

  void failed() {
    run("failed");
  }

  private void run(String result) {
    runs(result).increment();
  }

  /** Registered for every result at start, so that rate() and absent() work before the first tick. */
  private Counter runs(String result) {
    return Counter.builder("undo.purge.runs").description("Purge ticks by result").tag("result", result).register(registry);
  }
}
