package dev.undo.http;

import dev.undo.config.ConfigException;
import dev.undo.config.HttpConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.SqlClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Serves the API. Deployed once per event loop; the instances share one listening port (Vert.x
 * spreads connections over them) and the thread-safe undo cache, but each has its own PostgreSQL
 * client, made in its start so that its connections live on its event loop. Stopping it shuts the
 * server down gracefully (no new connections, requests in flight get the grace period), then
 * closes its client.
 */
public final class ApiVerticle extends VerticleBase {
  private final HttpConfig config;
  private final Function<Vertx, SqlClient> clients;
  private final BiFunction<Vertx, SqlClient, Router> routes;
  private HttpServer server;
  private SqlClient client;

  public ApiVerticle(HttpConfig config, Function<Vertx, SqlClient> clients, BiFunction<Vertx, SqlClient, Router> routes) {
    this.config = config;
    this.clients = clients;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    client = clients.apply(vertx);
    HttpServerOptions options = serverOptions(config.host(), config.port(), config.idleTimeout());
    server = vertx.createHttpServer(options);
    Http1Framing.install(server, options, config.requestTimeout());
    Router router = routes.apply(vertx, client);
    return server.requestHandler(request -> {
      if (Http1Framing.admits(request)) {
        router.handle(request);
      }
    }).listen().recover(failure -> Future.failedFuture(
        ConfigException.cannotListen(config.host(), config.port(), "UNDO_HTTP_PORT", failure)));
  }

  /** The API server's options; the benchmark's bare Vert.x server shares them. */
  public static HttpServerOptions serverOptions(String host, int port, Duration idleTimeout) {
    return new HttpServerOptions()
        .setHost(host)
        .setPort(port)
        // A connection that carries no bytes for this long is closed (RFC 9112 §9.8 lets a server).
        .setIdleTimeout((int) idleTimeout.toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setCompressionSupported(false)
        // HTTP/1.1 only: with h2c on, Vert.x decodes each connection's first request before the
        // strict decoder of Http1Framing is in place. HTTP/2 is for TLS, at the ingress.
        .setHttp2ClearTextEnabled(false)
        // No WebSockets here: without these, every connection's pipeline carries an extension handler.
        .setPerMessageWebSocketCompressionSupported(false)
        .setPerFrameWebSocketCompressionSupported(false)
        // Every handler, and every continuation of the clients they call (pool, Redis), runs on this
        // verticle's event loop, so responses are written straight to the channel rather than
        // through the outbound queue that writes from other threads need.
        .setStrictThreadMode(true)
        .setTcpNoDelay(true);
  }

  @Override
  public Future<?> stop() {
    return server.shutdown(config.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)
        .eventually(() -> client.close());
  }
}
