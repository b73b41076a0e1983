package dev.undo.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingStdoutAppenderTest {
  private final LoggerContext context = new LoggerContext();

  BatchingStdoutAppenderTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
  }

  /** A stream that keeps what was written; its writes can be held back until released. */
  private static final class Target extends OutputStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final CountDownLatch open;

    Target(boolean open) {
      this.open = new CountDownLatch(open ? 0 : 1);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      try {
        open.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      synchronized (bytes) {
        bytes.write(b, off, len);
      }
    }

    void release() {
      open.countDown();
    }

    List<String> lines() {
      synchronized (bytes) {
        String text = bytes.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
      }
    }
  }

  private BatchingStdoutAppender started(Target target, int queueSize) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    BatchingStdoutAppender appender = new BatchingStdoutAppender(target);
    appender.setContext(context);
    appender.setName("test");
    appender.setEncoder(encoder);
    appender.setQueueSize(queueSize);
    appender.setMaxDelayMillis(5);
    appender.start();
    assertThat(appender.isStarted()).isTrue();
    return appender;
  }

  private static Thread started(Runnable work) {
    Thread thread = new Thread(work);
    thread.start();
    return thread;
  }

  private LoggingEvent event(String message) {
    LoggingEvent event = new LoggingEvent();
    event.setLoggerContext(context);
    event.setLoggerName("access");
    event.setLevel(Level.INFO);
    event.setMessage(message);
    event.setTimeStamp(System.currentTimeMillis());
    return event;
  }

  @Test
  void writesEveryLineOnceAndEachThreadsLinesInOrder() throws Exception {
    Target target = new Target(true);
    BatchingStdoutAppender appender = started(target, 64);
    int threads = 4;
    int perThread = 5_000;
    List<Thread> loggers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      loggers.add(started(() -> {
        for (int i = 0; i < perThread; i++) {
          appender.doAppend(event(thread + " " + i));
        }
      }));
    }
    for (Thread logger : loggers) {
      logger.join();
    }
    appender.stop();

    List<String> lines = target.lines();
    assertThat(lines).hasSize(threads * perThread);
    int[] next = new int[threads];
    for (String line : lines) {
      String[] parts = line.split(" ");
      int thread = Integer.parseInt(parts[0]);
      assertThat(Integer.parseInt(parts[1])).as("line %s", line).isEqualTo(next[thread]++);
    }
  }

  @Test
  void writesALineWithinTheDelayWithoutBeingStopped() throws Exception {
    Target target = new Target(true);
    BatchingStdoutAppender appender = started(target, 16);
    appender.doAppend(event("GET /v1/collections 200"));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (target.lines().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    assertThat(target.lines()).containsExactly("GET /v1/collections 200");
    appender.stop();
  }

  @Test
  void aFullQueueHoldsTheCallerBackAndLosesNothing() throws Exception {
    Target blocked = new Target(false);
    BatchingStdoutAppender appender = started(blocked, 4);
    CountDownLatch logged = new CountDownLatch(1);
    Thread logger = started(() -> {
      for (int i = 0; i < 100; i++) {
        appender.doAppend(event("line " + i));
      }
      logged.countDown();
    });
    assertThat(logged.await(200, TimeUnit.MILLISECONDS)).as("the caller waits while output is stuck").isFalse();
    blocked.release();
    assertThat(logged.await(10, TimeUnit.SECONDS)).isTrue();
    logger.join();
    appender.stop();
    assertThat(blocked.lines()).hasSize(100).startsWith("line 0").endsWith("line 99");
  }

  /**
   * A caller that passed logback's "is it started?" check just before another thread stopped the
   * appender (the service logging its last lines while the JVM exits) still gets its line out,
   * although the writer thread has made its last drain.
   */
  @Test
  void writesALineThatArrivesAsItStops() {
    Target target = new Target(true);
    BatchingStdoutAppender appender = started(target, 16);
    appender.doAppend(event("before stop"));
    appender.stop();
    appender.append(event("during stop"));
    assertThat(target.lines()).containsExactly("before stop", "during stop");
  }

  @Test
  void refusesToStartWithoutAnEncoder() {
    BatchingStdoutAppender appender = new BatchingStdoutAppender(new Target(true));
    appender.setContext(context);
    appender.start();
    assertThat(appender.isStarted()).isFalse();
  }
}
