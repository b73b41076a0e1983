package dev.undo.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * The service's own logback.xml (not the tests'), in a logger context of its own, writing to a
 * captured standard output: what the disruptor appender and the encoders are configured to do.
 */
class LogConfigurationTest {
  private static final Path CONFIGURATION = Path.of("src/main/resources/logback.xml");

  private final PrintStream realOut = System.out;
  private LoggerContext context;

  @AfterEach
  void restore() {
    if (context != null) {
      context.stop();
    }
    System.setOut(realOut);
  }

  /** Standard output as a stream that keeps what was written; writes wait while it is held. */
  private static final class Captured extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CountDownLatch released;

    Captured(boolean held) {
      released = new CountDownLatch(held ? 1 : 0);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        released.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
    }

    void release() {
      released.countDown();
    }

    List<String> lines() {
      String text;
      synchronized (bytes) {
        text = bytes.toString(StandardCharsets.UTF_8);
      }
      return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }
  }

  private Captured configure(String format, boolean held) throws Exception {
    Captured out = new Captured(held);
    System.setOut(new PrintStream(out, false, StandardCharsets.UTF_8));
    context = new LoggerContext();
    // What SLF4J's provider gives the service's context; a bare one has none.
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    context.putProperty("UNDO_LOG_FORMAT", format);
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(CONFIGURATION.toFile());
    return out;
  }

  private static void awaitLines(Captured out, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (out.lines().size() < count && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
  }

  @Test
  void aFullRingBufferHoldsTheLoggersBackAndEveryLineIsWrittenOnceInEachThreadsOrder() throws Exception {
    Captured out = configure("plain", true);
    Logger access = context.getLogger("access");
    int threads = 4;
    int perThread = 5_000;
    List<Thread> loggers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread logger = new Thread(() -> {
        for (int i = 0; i < perThread; i++) {
          access.info("t{} n{}", thread, i);
        }
      });
      logger.start();
      loggers.add(logger);
    }
    Thread.sleep(300);
    // 20,000 lines for a ring of 8,192, with the output held: the loggers wait, none has finished.
    assertThat(loggers).anySatisfy(logger -> assertThat(logger.isAlive()).isTrue());
    out.release();
    for (Thread logger : loggers) {
      logger.join(30_000);
    }
    awaitLines(out, threads * perThread);
    Map<Integer, Integer> next = new HashMap<>();
    for (String line : out.lines()) {
      String[] words = line.substring(line.indexOf(" - ") + 3).split(" ");
      int thread = Integer.parseInt(words[0].substring(1));
      int n = Integer.parseInt(words[1].substring(1));
      assertThat(n).as(line).isEqualTo(next.getOrDefault(thread, 0));
      next.put(thread, n + 1);
    }
    assertThat(next).hasSize(threads).allSatisfy((thread, count) -> assertThat(count).isEqualTo(perThread));
  }

  @Test
  void aLineIsWrittenWithinAMomentWithoutWaitingForMore() throws Exception {
    Captured out = configure("plain", false);
    long logged = System.nanoTime();
    context.getLogger("dev.undo.Main").info("one line");
    awaitLines(out, 1);
    assertThat(out.lines()).singleElement().satisfies(line -> assertThat(line).endsWith("INFO  [main] dev.undo.Main - one line"));
    assertThat((System.nanoTime() - logged) / 1_000_000).as("ms until written").isLessThan(1_000);
  }

  @Test
  void aLineLoggedAsTheServiceStopsIsWritten() throws Exception {
    Captured out = configure("plain", false);
    context.getLogger("dev.undo.Main").info("Stopped");
    context.stop();
    context = null;
    assertThat(out.lines()).anySatisfy(line -> assertThat(line).endsWith("Stopped"));
  }

  @Test
  void jsonLinesAreFlatObjectsWithAnIsoTimestampAndTypedFields() throws Exception {
    Captured out = configure("json", false);
    context.getLogger("access").atInfo()
        .addKeyValue("route", "/v1/collections/:collection/items")
        .addKeyValue("status", 201)
        .addKeyValue("durationMs", 1.5)
        .log("POST /v1/collections/:collection/items 201 1.500 ms r-1");
    awaitLines(out, 1);
    JsonObject line = new JsonObject(out.lines().get(0));
    assertThat(line.fieldNames()).containsExactlyInAnyOrder(
        "@timestamp", "message", "logger_name", "thread_name", "level", "route", "status", "durationMs");
    assertThat(line.getString("@timestamp")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d+Z");
    assertThat(line.getValue("status")).isEqualTo(201);
    assertThat(line.getValue("durationMs")).isEqualTo(1.5);
    assertThat(line.getString("level")).isEqualTo("INFO");
  }
}
