package dev.undo.http;

import dev.undo.domain.DeletionRestrictedException;
import dev.undo.domain.DeletionTooLargeException;
import dev.undo.domain.DomainException;
import dev.undo.domain.FeedExpiredException;
import dev.undo.domain.IdempotencyKeyReusedException;
import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.ItemGoneException;
import dev.undo.domain.ItemHeldException;
import dev.undo.domain.MissingItemsException;
import dev.undo.domain.NotFoundException;
import dev.undo.domain.PreconditionFailedException;
import dev.undo.domain.ReferenceDeletedException;
import dev.undo.domain.ReferenceMissingException;
import dev.undo.domain.StateConflictException;
import dev.undo.domain.UndoExpiredException;
import dev.undo.domain.UniqueConflictException;
import dev.undo.store.DatabaseFailures;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
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
      response.putHeader("retry-after", RETRY_AFTER_SECONDS);
    }
    Responses.end(ctx, response.setStatusCode(problem.status()).putHeader("content-type", Problem.MEDIA_TYPE), problem.toJson().toBuffer());
  }

  private static Problem forFailure(RoutingContext ctx, Throwable failure) {
    if (failure instanceof DomainException refusal) {
      return forRefusal(refusal);
    }
    if (DatabaseFailures.isUnavailable(failure)) {
      LOG.warn("PostgreSQL unavailable for {} {}: {}", ctx.request().method(), ctx.request().path(), failure.toString());
      // Not "nothing was changed": a connection that breaks under a statement in flight may have
      // lost only the answer to a commit.
      return Problem.of(ProblemType.SERVICE_UNAVAILABLE,
          "the database cannot be reached just now; a change is made whole or not at all, so try again"
              + " (DELETE, undo and PUT or PATCH with If-Match are safe to repeat; read before repeating a create)");
    }
    if (status(ctx) >= 400 && status(ctx) < 500) {
      return forStatus(status(ctx));
    }
    LOG.error("Request {} {} failed", ctx.request().method(), ctx.request().path(), failure);
    return Problem.of(ProblemType.INTERNAL_ERROR, "the request failed; it has been logged");
  }

  private static Problem forRefusal(DomainException refusal) {
    String detail = refusal.getMessage();
    if (refusal instanceof InvalidRequestException) {
      return Problem.of(ProblemType.INVALID_REQUEST, detail);
    }
    if (refusal instanceof NotFoundException) {
      return Problem.of(ProblemType.NOT_FOUND, detail);
    }
    if (refusal instanceof MissingItemsException missing) {
      JsonArray ids = new JsonArray();
      missing.missing().forEach(id -> ids.add(id.toString()));
      return Problem.of(ProblemType.ITEMS_MISSING, detail).with("missing", ids);
    }
    if (refusal instanceof IdempotencyKeyReusedException) {
      return Problem.of(ProblemType.IDEMPOTENCY_KEY_REUSED, detail);
    }
    if (refusal instanceof ItemGoneException gone) {
      return Problem.of(ProblemType.ITEM_DELETED, detail)
          .with("deletedAt", HttpDates.rfc3339(gone.deletedAt()))
          .with("undo", Representations.undo(gone.undo()))
          .with("deletionId", gone.deletionId() == null ? null : gone.deletionId().toString());
    }
    if (refusal instanceof UndoExpiredException expired) {
      return Problem.of(ProblemType.UNDO_EXPIRED, detail)
          .with("expiredAt", HttpDates.rfc3339(expired.expiredAt()));
    }
    if (refusal instanceof UniqueConflictException conflict) {
      return Problem.of(ProblemType.UNIQUE_CONFLICT, detail)
          .with("conflicts", Representations.conflicts(conflict.conflicts()));
    }
    if (refusal instanceof ReferenceMissingException missing) {
      return Problem.of(ProblemType.REFERENCE_MISSING, detail)
          .with("references", Representations.dangling(missing.references()));
    }
    if (refusal instanceof ReferenceDeletedException deleted) {
      return Problem.of(ProblemType.REFERENCE_DELETED, detail)
          .with("references", Representations.dangling(deleted.references()));
    }
    if (refusal instanceof DeletionRestrictedException restricted) {
      return Problem.of(ProblemType.DELETION_RESTRICTED, detail)
          .with("blockedBy", Representations.referrers(restricted.blockedBy()));
    }
    if (refusal instanceof DeletionTooLargeException tooLarge) {
      return Problem.of(ProblemType.DELETION_TOO_LARGE, detail).with("limit", tooLarge.limit());
    }
    if (refusal instanceof FeedExpiredException) {
      return Problem.of(ProblemType.CURSOR_EXPIRED, detail);
    }
    if (refusal instanceof ItemHeldException) {
      return Problem.of(ProblemType.ITEM_HELD, detail);
    }
    if (refusal instanceof StateConflictException) {
      return Problem.of(ProblemType.STATE_CONFLICT, detail);
    }
    if (refusal instanceof PreconditionFailedException) {
      return Problem.of(ProblemType.PRECONDITION_FAILED, detail);
    }
    return Problem.of(ProblemType.INVALID_REQUEST, detail);
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
        return Problem.of(ProblemType.INVALID_REQUEST, "the request is malformed");
      case 404:
        return Problem.of(ProblemType.NOT_FOUND, "there is no such resource");
      case 405:
        return Problem.of(ProblemType.METHOD_NOT_ALLOWED, "this resource does not take that method");
      case 413:
        return Problem.of(ProblemType.PAYLOAD_TOO_LARGE, "the request body is over the size limit");
      case 415:
        return Problem.of(ProblemType.UNSUPPORTED_MEDIA_TYPE, "the request body has a type this resource does not take");
      default:
        if (status >= 400 && status < 500) {
          return Problem.of(status, ProblemType.CLIENT_ERROR, "the request was refused");
        }
        return Problem.of(ProblemType.INTERNAL_ERROR, "the request failed; it has been logged");
    }
  }
}
