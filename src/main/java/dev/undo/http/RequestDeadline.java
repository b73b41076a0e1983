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

  private static final String TIMER = "undo.deadline";
  private static final String DEADLINE = "undo.deadline.handler";

  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(DEADLINE, this);
    start(ctx, millis);
    ctx.addEndHandler(done -> cancel(ctx));
    ctx.next();
  }

  private void start(RoutingContext ctx, long after) {
    ctx.put(TIMER, ctx.vertx().setTimer(after, fired -> expire(ctx)));
  }

  /** A stream of events answers for as long as its client reads: no deadline once it has begun. */
  static void cancel(RoutingContext ctx) {
    Long timer = ctx.get(TIMER);
    if (timer != null) {
      ctx.vertx().cancelTimer(timer);
    }
  }

  /** A long poll may wait this much longer than other requests before its answer is due. */
  static void extend(RoutingContext ctx, Duration wait) {
    cancel(ctx);
    RequestDeadline deadline = ctx.get(DEADLINE);
    deadline.start(ctx, deadline.millis + wait.toMillis());
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
