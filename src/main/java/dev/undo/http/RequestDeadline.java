package dev.undo.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * Every request is answered within the deadline, counted from its head: a frozen PostgreSQL (whose
 * own statement_timeout cannot fire) or a pool with no free connection answers 503 with
 * {@code Retry-After}, and a body that has not arrived whole by then answers 408 and the connection
 * is closed. The statement keeps running where it was sent; its late result finds the request
 * answered and goes nowhere ({@link Responses#isOpen}).
 */
final class RequestDeadline implements Handler<RoutingContext> {
  private final long millis;
  private final String after;

  RequestDeadline(Duration deadline) {
    this.millis = deadline.toMillis();
    this.after = deadline.toMillis() % 1000 == 0 ? deadline.toSeconds() + " s" : deadline.toMillis() + " ms";
  }

  @Override
  public void handle(RoutingContext ctx) {
    long timer = ctx.vertx().setTimer(millis, fired -> expire(ctx));
    ctx.addEndHandler(done -> ctx.vertx().cancelTimer(timer));
    ctx.next();
  }

  private void expire(RoutingContext ctx) {
    if (!Responses.isOpen(ctx)) {
      return;
    }
    if (!ctx.request().isEnded()) {
      ctx.response().putHeader("connection", "close");
      ProblemResponses.send(ctx, Problem.of(ProblemType.REQUEST_TIMEOUT,
          "the request body did not arrive within " + after));
      return;
    }
    ProblemResponses.send(ctx, Problem.of(ProblemType.SERVICE_UNAVAILABLE,
        "the database did not answer within " + after + "; a statement already sent may still complete, so read"
            + " before repeating a create (DELETE, undo and PUT or PATCH with If-Match are safe to repeat)"));
  }
}
