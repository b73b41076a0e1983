package dev.undo.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.EnumSet;

/**
 * Builds the Vert.x instance with Micrometer metrics into the given registry. HTTP meters carry the
 * route template, method and status code, never the raw path (ids would make one series per item);
 * pool meters carry the pool's name ("undo-pg", "undo-redis").
 */
public final class UndoVertx {
  private UndoVertx() {}

  public static Vertx create(PrometheusMeterRegistry registry, int eventLoops) {
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
    return Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(eventLoops)
            .setWorkerPoolSize(Math.max(4, eventLoops))
            .setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}
