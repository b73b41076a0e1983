package dev.undo.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps history partitions made ahead as the days pass, so no write waits for one. Every replica
 * runs it; the partition function serialises them with an advisory lock and makes each day once.
 */
public final class PartitionMaintenanceVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionMaintenanceVerticle.class);

  private final HistoryPartitions partitions;
  private final Duration interval;
  private final Clock clock;
  private long timer = -1;

  public PartitionMaintenanceVerticle(HistoryPartitions partitions, Duration interval, Clock clock) {
    this.partitions = partitions;
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(Math.max(1, interval.toMillis()), id -> premake());
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }

  private void premake() {
    partitions.premake(clock.instant())
        .onSuccess(made -> {
          if (made > 0) {
            LOG.info("Made {} history partitions ahead", made);
          }
        })
        .onFailure(failure -> LOG.warn("Could not make history partitions ahead: {}", failure.toString()));
  }
}
