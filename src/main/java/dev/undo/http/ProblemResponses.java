package dev.undo.http;

import dev.undo.domain.DomainException;
import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.ItemGoneException;
import dev.undo.domain.NotFoundException;
import dev.undo.domain.PreconditionFailedException;
import dev.undo.domain.StateConflictException;
import dev.undo.domain.UndoExpiredException;
import dev.undo.domain.UniqueConflictException;
import dev.undo.store.DatabaseFailures;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The failure handler of the API: every refusal and every fault becomes problem+json. Faults are
 * logged with the request; a client never sees a stack trace.
 */
final class ProblemResponses implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger(ProblemResponses.class);
  static final String RETRY_AFTER_SECONDS = "5";

  @Override
  public void handle(RoutingContext ctx) {
    if (!Responses.isOpen(ctx)) {
      // Answered already (its deadline passed), or the client has gone: nobody to tell, nothing to log as a fault.
      LOG.debug("No answer for {} {}: the response is already ended or closed", ctx.request().method(), ctx.request().path());
      return;
    }
    Throwable failure = ctx.failure();
    Problem problem = failure == null ? forStatus(ctx.statusCode()) : forFailure(ctx, failure);
    send(ctx, problem);
  }

  static void send(RoutingContext ctx, Problem problem) {
    HttpServerResponse response = ctx.response();
    if (!Responses.isOpen(ctx)) {
      return;
    }
    if (response.headWritten()) {
      response.reset();
      return;
    }
    if (problem.status() == 503) {
      response.putHeader("Retry-After", RETRY_AFTER_SECONDS);
    }
    response.setStatusCode(problem.status())
        .putHeader("Content-Type", Problem.MEDIA_TYPE)
        .end(problem.toJson().toBuffer());
  }

  private static Problem forFailure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof DomainException refusal) {
      return forRefusal(refusal);
    }
    if (DatabaseFailures.isUnavailable(failure)) {
      LOG.warn("PostgreSQL unavailable for {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      // Not "nothing was changed": a connection that breaks under a statement in flight may have
      // lost only the answer to a commit.
      return Problem.of(503, "service-unavailable", "Service Unavailable",
          "the database cannot be reached just now; a change is made whole or not at all, so try again"
              + " (DELETE, undo and PUT or PATCH with If-Match are safe to repeat; read before repeating a create)");
    }
    if (status(ctx) >= 400 && status(ctx) < 500) {
      return forStatus(status(ctx));
    }
    LOG.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
    return Problem.of(500, "internal-error", "Internal Server Error", "the request failed; it has been logged");
  }

  private static Problem forRefusal(DomainException refusal) {
    String detail = refusal.getMessage();
    if (refusal instanceof InvalidRequestException) {
      return Problem.of(400, "invalid-request", "Bad Request", detail);
    }
    if (refusal instanceof NotFoundException) {
      return Problem.of(404, "not-found", "Not Found", detail);
    }
    if (refusal instanceof ItemGoneException gone) {
      return Problem.of(410, "item-deleted", "Gone", detail)
          .with("deletedAt", HttpDates.rfc3339(gone.deletedAt()))
          .with("undo", Representations.undo(gone.undo()));
    }
    if (refusal instanceof UndoExpiredException expired) {
      return Problem.of(410, "undo-expired", "Gone", detail)
          .with("expiredAt", HttpDates.rfc3339(expired.expiredAt()));
    }
    if (refusal instanceof UniqueConflictException conflict) {
      return Problem.of(409, "unique-conflict", "Conflict", detail)
          .with("conflicts", Representations.conflicts(conflict.conflicts()));
    }
    if (refusal instanceof StateConflictException) {
      return Problem.of(409, "state-conflict", "Conflict", detail);
    }
    if (refusal instanceof PreconditionFailedException) {
      return Problem.of(412, "precondition-failed", "Precondition Failed", detail);
    }
    return Problem.of(400, "invalid-request", "Bad Request", detail);
  }

  /** The status a failure carries: Vert.x Web leaves it in an HttpException when it threw one. */
  static int status(RoutingContext ctx) {
    if (ctx.statusCode() > 0) {
      return ctx.statusCode();
    }
    return ctx.failure() instanceof HttpException http ? http.getStatusCode() : 500;
  }

  static Problem forStatus(int status) {
    switch (status) {
      case 400:
        return Problem.of(400, "invalid-request", "Bad Request", "the request is malformed");
      case 404:
        return Problem.of(404, "not-found", "Not Found", "there is no such resource");
      case 405:
        return Problem.of(405, "method-not-allowed", "Method Not Allowed", "this resource does not take that method");
      case 413:
        return Problem.of(413, "payload-too-large", "Content Too Large", "the request body is over the size limit");
      case 415:
        return Problem.of(415, "unsupported-media-type", "Unsupported Media Type", "the request body has a type this resource does not take");
      default:
        if (status >= 400 && status < 500) {
          return Problem.of(status, "client-error", "Client Error", "the request was refused");
        }
        return Problem.of(500, "internal-error", "Internal Server Error", "the request failed; it has been logged");
    }
  }
}
