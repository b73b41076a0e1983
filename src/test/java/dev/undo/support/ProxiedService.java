package dev.undo.support;

import dev.undo.UndoApplication;
import dev.undo.config.ServiceConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.ServerSocket;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The service in-process, reaching a fresh test database through a {@link TcpProxy}, so that a
 * test can cut, drop or freeze its PostgreSQL without touching the server the other tests share.
 */
public final class ProxiedService implements AutoCloseable {
  private final Vertx vertx;
  private final TcpProxy proxy;
  private final UndoApplication application;
  private final String databaseUrl;
  private final Http http;

  private ProxiedService(Vertx vertx, TcpProxy proxy, UndoApplication application, String databaseUrl, Http http) {
    this.vertx = vertx;
    this.proxy = proxy;
    this.application = application;
    this.databaseUrl = databaseUrl;
    this.http = http;
  }

  /** @param settings configuration on top of loopback, free ports and the proxied database */
  public static ProxiedService start(JsonObject settings) throws Exception {
    Vertx vertx = Vertx.vertx();
    String databaseUrl = TestPostgres.newDatabase();
    URI direct = URI.create(databaseUrl);
    TcpProxy proxy = TcpProxy.start(vertx, direct.getPort());
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    JsonObject merged = settings.copy()
        .put("UNDO_DATABASE_URL", databaseUrl.replace(":" + direct.getPort() + "/", ":" + proxy.port() + "/"))
        .put("UNDO_HTTP_PORT", String.valueOf(port))
        .put("UNDO_HTTP_HOST", "127.0.0.1")
        .put("UNDO_MANAGEMENT_PORT", "0");
    UndoApplication application = UndoApplication.start(vertx, ServiceConfig.from(merged), MutableClock.startingNow(),
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
        .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    return new ProxiedService(vertx, proxy, application, databaseUrl, new Http(port));
  }

  public TcpProxy proxy() {
    return proxy;
  }

  public Http http() {
    return http;
  }

  public Http management() {
    return new Http(application.managementPort());
  }

  /** The database's own URL, past the proxy. */
  public String databaseUrl() {
    return databaseUrl;
  }

  public Vertx vertx() {
    return vertx;
  }

  @Override
  public void close() throws Exception {
    application.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    proxy.close();
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
