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
  /** Upper bounds of the response-time buckets in milliseconds; the meter takes them in nanoseconds. */
  private static final double[] RESPONSE_TIME_BUCKETS = java.util.Arrays.stream(
          new double[] {1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000})
      .map(millis -> millis * 1_000_000).toArray();

  private UndoVertx() {}

  public static Vertx create(PrometheusMeterRegistry registry, int eventLoops) {
    registry.config()
        // The management port's own requests (scrapes, probes) would otherwise count as API traffic.
        .meterFilter(MeterFilter.deny(id -> id.getName().startsWith("vertx.http.server.")
            && id.getTag("route") != null && ManagementVerticle.ROUTES.contains(id.getTag("route"))))
        // Micrometer's cache_puts_total from Caffeine's statistics counts loads: see UndoMetrics.
        .meterFilter(MeterFilter.deny(id -> id.getName().equals("cache.puts")))
        .meterFilter(new MeterFilter() {
          // Buckets for the server's response time, so that p99 by route can be computed across
          // replicas: 14 a series rather than the 69 of Micrometer's percentile histogram.
          @Override
          public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
            if (id.getName().equals("vertx.http.server.response.time")) {
              return DistributionStatisticConfig.builder().serviceLevelObjectives(RESPONSE_TIME_BUCKETS).build().merge(config);
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
