package dev.undo.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One side of a scenario: a fixed number of operations in flight on the generator's event loops,
 * each started as the one before it ends, run in rounds. Latencies, counts and the CPU of the
 * generator, the server it loads and PostgreSQL add up over the rounds.
 */
final class ClosedLoop {
  interface Operation {
    Future<Void> run();
  }

  /**
   * @param warmupMs the least warm-up; it goes on until the rate is steady, up to four times this
   * @param settleMs run before each round's measurement starts
   * @param roundMs measured in each round
   */
  record Timing(long warmupMs, long settleMs, long roundMs) {}

  /**
   * A side's rate and latencies over its rounds, and the CPU each party spent an operation.
   *
   * @param rounded every operation completed while the rounds ran, settling and draining included:
   *     what the statements the service ran in them are divided by
   */
  record Measured(double perSecond, double p50Ms, double p99Ms, long rounded, CpuAccount.Reading cpuPerOperation) {
    double micros(long nanos) {
      return Math.round(nanos / 10.0) / 100.0;
    }
  }

  private final Operation operation;
  private final List<Context> generator;
  private final int concurrency;
  private final Timing timing;
  /** The process that answers the operations, for its CPU time. */
  private final ProcessHandle server;
  private final Recorder recorder = new Recorder(3);
  private final Histogram measured = new Histogram(3);
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong total = new AtomicLong();
  private double seconds;
  private long rounded;
  private CpuAccount.Reading cpu = CpuAccount.NONE;

  ClosedLoop(Operation operation, List<Context> generator, int concurrency, Timing timing, ProcessHandle server) {
    this.operation = operation;
    this.generator = generator;
    this.concurrency = concurrency;
    this.timing = timing;
    this.server = server;
  }

  /**
   * Runs until the rate is steady: two 2-second windows in a row within 5% of each other, after
   * at least the warm-up time and at most four times that. The service's JVM is fresh and its JIT
   * compiler competes for the same two cores, so a fixed short warm-up left the first round
   * measuring compilation (0.46 of raw against 0.77 two rounds later).
   */
  void warmUp() throws Exception {
    AtomicBoolean running = start();
    Thread.sleep(timing.warmupMs());
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(3 * timing.warmupMs());
    recorder.getIntervalHistogram();
    double previous = 0;
    while (System.nanoTime() < deadline) {
      Thread.sleep(2_000);
      double rate = recorder.getIntervalHistogram().getTotalCount() / 2.0;
      if (previous > 0 && Math.abs(rate - previous) <= 0.05 * previous) {
        break;
      }
      previous = rate;
    }
    stop(running);
  }

  /** One measured round; its rate. */
  double round() throws Exception {
    long totalBefore = total.get();
    AtomicBoolean running = start();
    Thread.sleep(timing.settleMs());
    recorder.getIntervalHistogram();
    CpuAccount.Reading cpuBefore = CpuAccount.read(server);
    long started = System.nanoTime();
    Thread.sleep(timing.roundMs());
    Histogram interval = recorder.getIntervalHistogram();
    double roundSeconds = (System.nanoTime() - started) / 1e9;
    cpu = cpu.plus(CpuAccount.read(server).minus(cpuBefore));
    stop(running);
    rounded += total.get() - totalBefore;
    measured.add(interval);
    seconds += roundSeconds;
    return interval.getTotalCount() / roundSeconds;
  }

  Measured measured() {
    long count = measured.getTotalCount();
    return new Measured(count / seconds, measured.getValueAtPercentile(50) / 1000.0,
        measured.getValueAtPercentile(99) / 1000.0, rounded, cpu.dividedBy(count));
  }

  private AtomicBoolean start() {
    AtomicBoolean running = new AtomicBoolean(true);
    for (int i = 0; i < concurrency; i++) {
      generator.get(i % generator.size()).runOnContext(started -> loop(running));
    }
    return running;
  }

  /** Stops the loops and lets the operations in flight finish before the other side runs. */
  private void stop(AtomicBoolean running) throws Exception {
    running.set(false);
    Thread.sleep(300);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " operations failed");
    }
  }

  private void loop(AtomicBoolean running) {
    if (!running.get()) {
      return;
    }
    long started = System.nanoTime();
    operation.run().onComplete(done -> {
      if (done.succeeded()) {
        recorder.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
        total.incrementAndGet();
      } else {
        failures.incrementAndGet();
        System.err.println(done.cause());
      }
      loop(running);
    });
  }
}
