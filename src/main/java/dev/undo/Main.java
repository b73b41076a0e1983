package dev.undo;

import dev.undo.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the service: {@code java -jar target/undo-service.jar}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    int cores = Runtime.getRuntime().availableProcessors();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = Vertx.builder()
        .with(new VertxOptions()
            .setEventLoopPoolSize(cores)
            .setWorkerPoolSize(Math.max(4, cores))
            .setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)))
        .withMetrics(new MicrometerMetricsFactory(registry))
        .build();
    CountDownLatch started = new CountDownLatch(1);
    UndoApplication[] running = new UndoApplication[1];
    ConfigLoader.load(vertx)
        .compose(config -> UndoApplication.start(vertx, config, Clock.systemUTC(), registry))
        .onComplete(done -> {
          if (done.failed()) {
            LOG.error("Undo Service did not start: {}", done.cause().getMessage(), done.cause());
            vertx.close().onComplete(closed -> System.exit(1));
            return;
          }
          running[0] = done.result();
          started.countDown();
        });
    started.await();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      CountDownLatch stopped = new CountDownLatch(1);
      running[0].stop().eventually(vertx::close).onComplete(done -> stopped.countDown());
      try {
        stopped.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "undo-shutdown"));
  }
}
