package dev.undo.undo;

import dev.undo.domain.Deletion;
import dev.undo.domain.UndoOffer;
import dev.undo.metrics.UndoMetrics;
import dev.undo.store.DeletionStore;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Undo offers as signed tokens ({@link UndoTokens}), with the deletion's ticket in the undo cache so
 * that an undo finds the deletion's items without asking PostgreSQL; a ticket the cache lost (evicted,
 * a restart, a Redis outage) costs one more statement ({@code deletion-locate.sql}) and is counted.
 */
public final class TicketedUndoOffers implements UndoOffers {
  private static final Logger LOG = LoggerFactory.getLogger(TicketedUndoOffers.class);

  private final UndoTokens tokens;
  private final UndoCache cache;
  private final DeletionStore deletions;
  private final UndoMetrics metrics;

  public TicketedUndoOffers(UndoTokens tokens, UndoCache cache, DeletionStore deletions, UndoMetrics metrics) {
    this.tokens = tokens;
    this.cache = cache;
    this.deletions = deletions;
    this.metrics = metrics;
  }

  @Override
  public Future<UndoOffer> offer(String tenant, Deletion deletion) {
    UndoOffer offer = new UndoOffer(tokens.issue(tenant, deletion.id()), deletion.expiresAt());
    return put(new UndoTicket(tenant, deletion)).map(offer);
  }

  @Override
  public UndoOffer offerOf(String tenant, UUID deletionId, Instant expiresAt, Instant now) {
    return now.isAfter(expiresAt) ? null : new UndoOffer(tokens.issue(tenant, deletionId), expiresAt);
  }

  @Override
  public Future<Deletion> locate(String tenant, String token, Instant now) {
    UUID deletionId = tokens.open(tenant, token);
    if (deletionId == null) {
      return Future.succeededFuture();
    }
    return cache.take(tenant, deletionId)
        .recover(failure -> {
          metrics.cacheError(cache.kind());
          LOG.debug("undo cache {} could not be read; PostgreSQL answers alone", cache.kind(), failure);
          return Future.succeededFuture();
        })
        .compose(ticket -> ticket != null
            ? Future.succeededFuture(ticket.deletion())
            : deletions.locate(tenant, deletionId, now).onSuccess(found -> {
              if (found != null && !now.isAfter(found.expiresAt())) {
                metrics.cacheFallback();
              }
            }));
  }

  @Override
  public Future<Void> keep(String tenant, Deletion deletion) {
    return put(new UndoTicket(tenant, deletion));
  }

  private Future<Void> put(UndoTicket ticket) {
    return cache.put(ticket).onSuccess(put -> metrics.cachePut(cache.kind())).recover(failure -> {
      metrics.cacheError(cache.kind());
      LOG.debug("undo cache {} could not keep a ticket; PostgreSQL still holds the deadline", cache.kind(), failure);
      return Future.succeededFuture();
    });
  }
}
