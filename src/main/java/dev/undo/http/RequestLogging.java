package dev.undo.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives every request an id ({@code X-Request-Id} as the client sent it when it is sane, else a new
 * one), echoes it back, and writes one access-log line when the response ends: method, route
 * template, status, duration and request id, as key-value pairs that the JSON log format keeps.
 */
final class RequestLogging implements Handler<RoutingContext> {
  static final String HEADER = "x-request-id";
  static final String KEY = "requestId";
  private static final Logger ACCESS = LoggerFactory.getLogger("access");
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:/+=-]{1,128}");

  /**
   * A random UUID-shaped id. Request ids are labels, not secrets, so they come from
   * ThreadLocalRandom rather than UUID.randomUUID()'s shared SecureRandom.
   */
  private static String newId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  @Override
  public void handle(RoutingContext ctx) {
    long started = System.nanoTime();
    String given = ctx.request().getHeader(HEADER);
    String requestId = given != null && SANE.matcher(given).matches() ? given : newId();
    ctx.put(KEY, requestId);
    ctx.response().putHeader(HEADER, requestId);
    ctx.addEndHandler(done -> {
      if (!ACCESS.isInfoEnabled()) {
        return;
      }
      Route route = ctx.currentRoute();
      String template = route == null || route.getPath() == null ? "unmatched" : route.getPath();
      long micros = (System.nanoTime() - started) / 1000;
      String method = ctx.request().method().name();
      int status = ctx.response().getStatusCode();
      // The line is built here rather than from a "{} {}" pattern: the async appender formats
      // patterns on the event loop, and this runs once per request.
      StringBuilder line = new StringBuilder(96).append(method).append(' ').append(template).append(' ').append(status)
          .append(' ').append(micros / 1000).append('.');
      long fraction = micros % 1000;
      line.append(fraction < 10 ? "00" : fraction < 100 ? "0" : "").append(fraction).append(" ms ").append(requestId);
      ACCESS.atInfo()
          .addKeyValue("method", method)
          .addKeyValue("route", template)
          .addKeyValue("status", status)
          .addKeyValue("durationMs", micros / 1000.0)
          .addKeyValue(KEY, requestId)
          .log(line.toString());
    });
    ctx.next();
  }
}
