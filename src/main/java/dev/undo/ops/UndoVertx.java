package dev.undo.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
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
    // Buckets for the server's response time, so that p99 by route can be computed across replicas.
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (id.getName().equals("vertx.http.server.response.time")) {
          return DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config);
        }
        return config;
      }
    });
    MicrometerMetricsOptions metrics = new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .setLabels(EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE, Label.POOL_NAME));
    return Vertx.builder()
        .with(new VertxOptions()
            .setPreferNativeTransport(true)
            .setEventLoopPoolSize(eventLoops)
            .setWorkerPoolSize(Math.max(4, eventLoops))
            .setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
  }
}
