package dev.undo;

import dev.undo.config.ConfigException;
import dev.undo.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import dev.undo.ops.UndoVertx;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import sun.misc.Signal;
import org.slf4j.LoggerFactory;

/** Runs the service: {@code java -jar target/undo-service.jar}. */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private static final java.util.concurrent.atomic.AtomicBoolean STOPPING = new java.util.concurrent.atomic.AtomicBoolean();

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    String logFormat = System.getenv("UNDO_LOG_FORMAT");
    if (logFormat != null && !logFormat.equals("plain") && !logFormat.equals("json")) {
      // logback.xml picks its appender by this name; another leaves the log without one, so the
      // refusal would be logged nowhere: it goes to standard error.
      System.err.println("Undo Service did not start: UNDO_LOG_FORMAT must be plain or json, was '" + logFormat + "'");
      System.exit(1);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    Vertx vertx = UndoVertx.create(registry, cores);
    CountDownLatch started = new CountDownLatch(1);
    UndoApplication[] running = new UndoApplication[1];
    ConfigLoader.load(vertx, System.getenv())
        .compose(config -> UndoApplication.start(vertx, config, Clock.systemUTC(), registry))
        .onComplete(done -> {
          if (done.failed()) {
            if (done.cause() instanceof ConfigException refusal) {
              // A setting to fix, said in one line: a stack trace would only bury it.
              LOG.error("Undo Service did not start: {}", refusal.getMessage());
            } else {
              LOG.error("Undo Service did not start: {}", done.cause().getMessage(), done.cause());
            }
            vertx.close().onComplete(closed -> System.exit(1));
            return;
          }
          running[0] = done.result();
          started.countDown();
        });
    started.await();
    UndoApplication application = running[0];
    // SIGTERM and SIGINT drain first and exit after. Left to the JVM, the signal would run every
    // shutdown hook at once, and the embedded PostgreSQL's own hook (zonky registers one, with no
    // way to opt out) would stop the database under the requests still draining.
    Signal.handle(new Signal("TERM"), signal -> stopAndExit(application, vertx));
    Signal.handle(new Signal("INT"), signal -> stopAndExit(application, vertx));
  }

  private static void stopAndExit(UndoApplication application, Vertx vertx) {
    // A second signal (Ctrl+C twice, or TERM and INT) comes on a thread of its own: one drain is enough.
    if (!STOPPING.compareAndSet(false, true)) {
      LOG.info("Already stopping");
      return;
    }
    LOG.info("Stopping: draining requests for up to {}", application.config().http().shutdownGrace());
    CountDownLatch stopped = new CountDownLatch(1);
    application.stop().eventually(vertx::close).onComplete(done -> {
      if (done.failed()) {
        LOG.warn("Stopped with an error: {}", done.cause().toString());
      }
      LOG.info("Stopped");
      stopped.countDown();
    });
    try {
      stopped.await(application.config().http().shutdownGrace().toSeconds() + 15, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.exit(0);
  }
}
