package dev.undo.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import redis.embedded.RedisServer;

/** A real Redis server (embedded binaries from Maven Central) on a port of its own, that tests may stop and start again. */
public final class TestRedis implements AutoCloseable {
  private static TestRedis shared;

  private final int port;
  private RedisServer server;

  private TestRedis(int port) {
    this.port = port;
  }

  /** One server for the tests that only need a Redis, started on first use. */
  public static synchronized TestRedis shared() {
    if (shared == null) {
      shared = started();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "test-redis-stop"));
    }
    return shared;
  }

  /** A server of the caller's own, for tests that stop it. */
  public static TestRedis started() {
    TestRedis redis = new TestRedis(freePort());
    redis.start();
    return redis;
  }

  public String url() {
    return "redis://127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  /** Starts it, empty: this Redis keeps nothing on disk. */
  public void start() {
    try {
      server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
          .setting("save \"\"").setting("appendonly no").build();
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public void stop() {
    try {
      if (server != null) {
        server.stop();
        server = null;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    stop();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
