package dev.undo.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server of the test's own, as a service with UNDO_DATABASE_URL meets one: on its own
 * data and port, which it keeps across a stop, a crash (SIGKILL) and a freeze (SIGSTOP, then SIGCONT).
 * Durable, as a production server is.
 */
public final class ExternalPostgres implements AutoCloseable {
  private final Path dataDir;
  private final int port;
  private EmbeddedPostgres server;

  private ExternalPostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  public static ExternalPostgres start(Path dataDir) {
    try (ServerSocket socket = new ServerSocket(0)) {
      ExternalPostgres postgres = new ExternalPostgres(dataDir, socket.getLocalPort());
      socket.close();
      postgres.start();
      return postgres;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String url() {
    return "postgresql://postgres@localhost:" + port + "/postgres";
  }

  public synchronized void start() {
    try {
      server = EmbeddedPostgres.builder().setDataDirectory(dataDir).setCleanDataDirectory(false).setPort(port)
          .setServerConfig("synchronous_commit", "on").setServerConfig("fsync", "on")
          .setPgBinaryResolver(ExternalPostgres::binaries).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fast shutdown, as an operator's restart does. */
  public synchronized void stop() {
    closeServer();
  }

  /** SIGKILL to the postmaster and every backend, as a crash does; {@link #start()} recovers. */
  public synchronized void kill() {
    processes().forEach(ProcessHandle::destroyForcibly);
    processes().forEach(process -> process.onExit().orTimeout(10, TimeUnit.SECONDS).join());
    closeServer();
  }

  /** SIGSTOP to every process of the server: connections stay open and nothing is answered. */
  public void freeze() {
    signal("-STOP");
  }

  public void thaw() {
    signal("-CONT");
  }

  private void signal(String signal) {
    List<String> command = new ArrayList<>(List.of("kill", signal));
    processes().forEach(process -> command.add(String.valueOf(process.pid())));
    try {
      if (new ProcessBuilder(command).inheritIO().start().waitFor() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private List<ProcessHandle> processes() {
    List<ProcessHandle> processes = new ArrayList<>();
    ServiceProcess.postmaster(dataDir).ifPresent(postmaster -> {
      processes.add(postmaster);
      postmaster.descendants().forEach(processes::add);
    });
    return processes;
  }

  private void closeServer() {
    if (server != null) {
      try {
        server.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server = null;
    }
  }

  @Override
  public synchronized void close() {
    thaw();
    closeServer();
  }

  /**
   * zonky's binaries, the first copy on the class path: integration tests also have the shaded
   * service jar on it, which holds a second, and zonky refuses two.
   */
  public static InputStream binaries(String system, String architecture) throws IOException {
    String name = "postgres-" + system.toLowerCase(Locale.ROOT) + "-" + architecture + ".txz";
    return ExternalPostgres.class.getClassLoader().getResources(name).nextElement().openStream();
  }
}
