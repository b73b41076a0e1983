package dev.undo.support;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A TCP proxy on loopback that a test can cut and mend, to play an unreachable server without
 * stopping it, or freeze and thaw, to play a server that hangs (as under SIGSTOP: connections stay
 * open, bytes wait, and are delivered when it wakes). While cut, open connections are closed and new
 * ones are closed on arrival.
 */
public final class TcpProxy implements AutoCloseable {
  private final NetServer server;
  private final NetClient client;
  private final Set<NetSocket> sockets = ConcurrentHashMap.newKeySet();
  private volatile boolean up = true;
  private volatile boolean frozen;
  /** Writes held while frozen, in the order they came. */
  private final java.util.List<Runnable> held = new java.util.ArrayList<>();

  private TcpProxy(Vertx vertx, int targetPort) {
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(downstream -> {
      if (!up) {
        downstream.close();
        return;
      }
      downstream.pause();
      sockets.add(downstream);
      downstream.closeHandler(closed -> sockets.remove(downstream));
      client.connect(targetPort, "127.0.0.1").onComplete(connected -> {
        if (connected.failed() || !up) {
          downstream.close();
          return;
        }
        NetSocket upstream = connected.result();
        sockets.add(upstream);
        upstream.closeHandler(closed -> {
          sockets.remove(upstream);
          downstream.close();
        });
        downstream.closeHandler(closed -> {
          sockets.remove(downstream);
          upstream.close();
        });
        downstream.handler(bytes -> forward(upstream, bytes));
        upstream.handler(bytes -> forward(downstream, bytes));
        downstream.resume();
      });
    });
  }

  public static TcpProxy start(Vertx vertx, int targetPort) throws Exception {
    TcpProxy proxy = new TcpProxy(vertx, targetPort);
    proxy.server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    return proxy;
  }

  public int port() {
    return server.actualPort();
  }

  /** Closes every connection and refuses new ones until {@link #mend()}. */
  public void cut() {
    up = false;
    sockets.forEach(NetSocket::close);
  }

  public void mend() {
    up = true;
  }

  /** Holds every byte in both directions, on open connections and new ones, until {@link #thaw()}. */
  public void freeze() {
    frozen = true;
  }

  /** Delivers what was held, in order, and forwards again. */
  public synchronized void thaw() {
    frozen = false;
    held.forEach(Runnable::run);
    held.clear();
  }

  private synchronized void forward(NetSocket to, io.vertx.core.buffer.Buffer bytes) {
    if (frozen) {
      held.add(() -> to.write(bytes));
    } else {
      to.write(bytes);
    }
  }

  @Override
  public void close() throws Exception {
    cut();
    server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
