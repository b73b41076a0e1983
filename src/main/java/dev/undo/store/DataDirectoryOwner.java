package dev.undo.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's claim on the embedded PostgreSQL's data directory.
 *
 * <p>pg_ctl detaches the server from the process that starts it (its own session), so a service
 * killed with SIGKILL leaves its server running, holding the directory. The claim is a lock on a file
 * in the directory (the kernel drops it when its process dies, however it dies), and a record of the
 * server this service started (its process id and start time, from {@code postmaster.pid}). Holding
 * the lock, a server still running on the directory can only be an orphan: when the record names it,
 * it is stopped (SIGTERM, PostgreSQL's smart shutdown: its old clients are gone with the process that
 * held them) and waited for; a server the record does not name is not this service's, and start-up
 * stops with a message instead of touching it.
 */
final class DataDirectoryOwner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirectoryOwner.class);
  static final String LOCK_FILE = "undo-service.lock";
  static final String OWNED_SERVER_FILE = "undo-service.postmaster";

  private final Path dataDir;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryOwner(Path dataDir, FileChannel channel, FileLock lock) {
    this.dataDir = dataDir;
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the directory, stopping an orphaned server of this service's first. Blocking. On a
   * directory that initdb has yet to fill, call {@link #lock} after the start instead: initdb wants
   * an empty directory, and no server can run on one.
   */
  static DataDirectoryOwner claim(Path dataDir, Duration stopWait) {
    DataDirectoryOwner owner = lock(dataDir);
    try {
      owner.stopOrphan(stopWait);
      return owner;
    } catch (RuntimeException e) {
      owner.close();
      throw e;
    }
  }

  /** Takes the directory's lock, or fails when another live process holds it. */
  static DataDirectoryOwner lock(Path dataDir) {
    FileChannel channel;
    FileLock lock;
    try {
      channel = FileChannel.open(dataDir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      lock = channel.tryLock();
    } catch (IOException e) {
      throw new UncheckedIOException("could not lock " + dataDir.resolve(LOCK_FILE), e);
    }
    if (lock == null) {
      close(channel);
      throw new IllegalStateException("the data directory " + dataDir
          + " is in use by another running Undo Service; stop it first or set UNDO_DATA_DIR to another directory");
    }
    return new DataDirectoryOwner(dataDir, channel, lock);
  }

  private void stopOrphan(Duration stopWait) {
    Optional<PostmasterPidFile> pidFile = PostmasterPidFile.read(dataDir);
    if (pidFile.isEmpty()) {
      return;
    }
    PostmasterPidFile running = pidFile.get();
    Optional<ProcessHandle> server = running.liveWriter();
    if (server.isEmpty()) {
      if (ProcessHandle.of(running.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        throw new IllegalStateException(dataDir.resolve(PostmasterPidFile.NAME) + " names process " + running.pid()
            + ", which started after that file was written and so is not its server; if no PostgreSQL runs on "
            + dataDir + ", remove that file");
      }
      return; // a server that died with the machine or by SIGKILL: PostgreSQL recovers on start
    }
    if (!running.identity().equals(ownedServer())) {
      throw new IllegalStateException("a PostgreSQL server this service did not start (process " + running.pid()
          + ", port " + running.port() + ") runs on " + dataDir + "; stop it, or set UNDO_DATA_DIR to another directory");
    }
    LOG.warn("Stopping the embedded PostgreSQL (process {}) that a previous run of this service left running on {}",
        running.pid(), dataDir);
    server.get().destroy();
    try {
      server.get().onExit().get(stopWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("the orphaned embedded PostgreSQL (process " + running.pid() + ") did not stop within "
          + stopWait + "; a client may still be connected to it (port " + running.port() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the orphaned embedded PostgreSQL", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Records the server now running on the directory as this service's. */
  void recordStartedServer() {
    PostmasterPidFile started = PostmasterPidFile.read(dataDir)
        .orElseThrow(() -> new IllegalStateException("the embedded PostgreSQL started but wrote no " + PostmasterPidFile.NAME));
    Path record = dataDir.resolve(OWNED_SERVER_FILE);
    Path next = dataDir.resolve(OWNED_SERVER_FILE + ".next");
    try {
      Files.writeString(next, started.identity() + "\n", StandardCharsets.US_ASCII);
      Files.move(next, record, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("could not write " + record, e);
    }
  }

  private String ownedServer() {
    try {
      Path record = dataDir.resolve(OWNED_SERVER_FILE);
      return Files.exists(record) ? Files.readString(record, StandardCharsets.US_ASCII).trim() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      LOG.warn("Could not release {}: {}", dataDir.resolve(LOCK_FILE), e.toString());
    }
    close(channel);
  }

  private static void close(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing was written through it
    }
  }
}
