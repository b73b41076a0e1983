package dev.undo.bench;

import dev.undo.config.ServiceConfig;
import dev.undo.http.ApiVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;

/**
 * Vert.x's HTTP server alone, the benchmark's HTTP limit: the API server's options, its number of
 * event loops and verticles, and nothing else (no router, meters, access log or CORS). It answers
 * every request with the status, headers and body the service answers the no-SQL floor's GET with
 * (a fresh X-Request-Id included), so the two differ only in the service's own work. A JVM of its
 * own, run from the service's jar, so that its CPU is counted apart and its Vert.x is the service's.
 *
 * <p>Arguments: port, event loops, status, content type, body in Base64.
 */
public final class BareHttpServer {
  private BareHttpServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    int eventLoops = Integer.parseInt(args[1]);
    int status = Integer.parseInt(args[2]);
    String contentType = args[3];
    Buffer body = Buffer.buffer(Base64.getDecoder().decode(args[4]));
    serve(port, eventLoops, vertx -> request -> request.response().setStatusCode(status)
        .putHeader("X-Request-Id", requestId())
        .putHeader("Content-Type", contentType)
        .end(body));
  }

  /**
   * Serves on {@code port} with the API server's options, one verticle an event loop, each with the
   * handler {@code handlers} makes on its own loop; prints {@code ready} once all listen.
   */
  static void serve(int port, int eventLoops, Function<Vertx, Handler<HttpServerRequest>> handlers) {
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(eventLoops));
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer(ApiVerticle.serverOptions("127.0.0.1", port, ServiceConfig.from(new io.vertx.core.json.JsonObject()).http().idleTimeout()))
            .requestHandler(handlers.apply(vertx))
            .listen();
      }
    }, new DeploymentOptions().setInstances(eventLoops))
        .onSuccess(deployed -> System.out.println("ready"))
        .onFailure(failed -> {
          failed.printStackTrace();
          System.exit(1);
        });
  }

  /** As the service makes one: a UUID-shaped id from ThreadLocalRandom. */
  private static String requestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return new UUID((random.nextLong() & ~0xF000L) | 0x4000L, (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L)
        .toString();
  }
}
