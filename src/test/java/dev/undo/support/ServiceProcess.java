package dev.undo.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar target/undo-service.jar} in a process of its own, on free ports, for the tests
 * that stop, kill or restart the service as an operator or a crash would.
 */
public final class ServiceProcess implements AutoCloseable {
  public static final Path JAR = Path.of("target", "undo-service.jar");

  private final Process process;
  private final int port;
  private final int managementPort;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private ServiceProcess(Process process, int port, int managementPort) {
    this.process = process;
    this.port = port;
    this.managementPort = managementPort;
    this.reader = new Thread(this::readOutput, "service-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Starts the jar with these settings (environment variables) on top of free ports and loopback;
   * ports given in the settings are kept, so that a restart answers where the first run did.
   */
  public static ServiceProcess start(Map<String, String> settings) {
    Map<String, String> environment = new HashMap<>();
    environment.put("UNDO_HTTP_PORT", String.valueOf(freePort()));
    environment.put("UNDO_MANAGEMENT_PORT", String.valueOf(freePort()));
    environment.put("UNDO_HTTP_HOST", "127.0.0.1");
    environment.putAll(settings);
    int port = Integer.parseInt(environment.get("UNDO_HTTP_PORT"));
    int managementPort = Integer.parseInt(environment.get("UNDO_MANAGEMENT_PORT"));
    ProcessBuilder builder = new ProcessBuilder("java", "-Xmx256m", "-jar", JAR.toString()).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("UNDO_"));
    builder.environment().putAll(environment);
    try {
      return new ServiceProcess(builder.start(), port, managementPort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The jar on the embedded default, with its data in {@code dataDir}. */
  public static ServiceProcess embedded(Path dataDir, Map<String, String> settings) {
    Map<String, String> all = new HashMap<>(settings);
    all.put("UNDO_DATA_DIR", dataDir.toString());
    return start(all);
  }

  public int port() {
    return port;
  }

  public int managementPort() {
    return managementPort;
  }

  public Http http() {
    return new Http(port);
  }

  public Http management() {
    return new Http(managementPort);
  }

  public List<String> lines() {
    return lines;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits until {@code /health/ready} answers 200; fails with the service's output if it does not in time. */
  public ServiceProcess awaitReady(Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (management().get("/health/ready").status() == 200) {
          return this;
        }
      } catch (RuntimeException notYet) {
        // not listening yet
      }
      sleep(100);
    }
    throw new AssertionError("the service did not become ready within " + within + ":\n" + output());
  }

  /**
   * Waits for the process to end and answers its exit code, or null if it is still running; once it
   * has ended, {@link #lines()} holds all it wrote.
   */
  public Integer awaitExit(Duration within) {
    try {
      if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
        return null;
      }
      reader.join(5000);
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGTERM, as Kubernetes sends it; {@link #awaitExit} waits for the drain. */
  public void terminate() {
    process.toHandle().destroy();
  }

  /** SIGKILL to the service's JVM alone: its embedded PostgreSQL, detached by pg_ctl, runs on. */
  public void killJvm() {
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(10));
  }

  /**
   * SIGKILL to everything the service runs, at once, as a container kill or a crashed host does:
   * the embedded PostgreSQL's backends and helpers, its postmaster, and the JVM.
   */
  public void killWhole(Path dataDir) {
    List<ProcessHandle> victims = new ArrayList<>();
    postmaster(dataDir).ifPresent(postmaster -> {
      postmaster.descendants().forEach(victims::add);
      victims.add(postmaster);
    });
    victims.add(process.toHandle());
    victims.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle victim : victims) {
      victim.onExit().orTimeout(10, TimeUnit.SECONDS).join();
    }
  }

  /** The live postmaster that {@code dataDir/postmaster.pid} names. */
  public static Optional<ProcessHandle> postmaster(Path dataDir) {
    Path pidFile = dataDir.resolve("postmaster.pid");
    try {
      if (!Files.exists(pidFile)) {
        return Optional.empty();
      }
      long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      if (awaitExit(Duration.ofSeconds(30)) == null) {
        process.destroyForcibly();
      }
    }
  }

  private void readOutput() {
    try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        lines.add(line);
      }
    } catch (IOException ignored) {
      // the process ended
    }
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
