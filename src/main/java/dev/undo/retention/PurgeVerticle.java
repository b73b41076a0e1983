package dev.undo.retention;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a purge tick at a fixed interval (one at a time: the next is scheduled when one ends), and
 * records each in metrics; a tick that did something is logged once.
 */
public final class PurgeVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PurgeVerticle.class);

  private final PartitionPurger purger;
  private final Duration interval;
  private final PurgeMetrics metrics;
  private volatile boolean stopped;
  private long timer = -1;

  public PurgeVerticle(PartitionPurger purger, Duration interval, MeterRegistry registry, Clock clock) {
    this.purger = purger;
    this.interval = interval;
    this.metrics = new PurgeMetrics(registry, clock);
  }

  @Override
  public Future<?> start() {
    schedule();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, interval.toMillis()), id -> tick().onComplete(done -> schedule()));
    }
  }

  /** One purge now; public so that operators' tooling and tests need not wait for the timer. */
  public Future<PurgeReport> tick() {
    return purger.purge()
        .onSuccess(report -> {
          metrics.recorded(report);
          if (report.didSomething()) {
            LOG.info("Purge: moved {} closed tombstones to history, dropped {} partitions ({} rows) {}, made {} ahead, in {} ms",
                report.tombstonesMoved(), report.dropped().size(), report.rowsDropped(), report.dropped(),
                report.partitionsMade(), report.took().toMillis());
          }
        })
        .onFailure(failure -> {
          metrics.failed();
          LOG.warn("Purge failed, will try again in {}: {}", interval, failure.toString());
        });
  }
}
