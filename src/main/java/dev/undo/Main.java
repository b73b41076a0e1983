package dev.undo;

import dev.undo.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.undo.ops.UndoVertx;
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
    Vertx vertx = UndoVertx.create(registry, cores);
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
      LOG.info("Stopping: draining requests for up to {}", running[0].config().shutdownGrace());
      running[0].stop().eventually(vertx::close).onComplete(done -> {
        LOG.info("Stopped");
        stopped.countDown();
      });
      try {
        stopped.await(running[0].config().shutdownGrace().toSeconds() + 15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "undo-shutdown"));
  }
}
