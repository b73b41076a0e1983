package dev.undo.undo;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An undo cache that keeps at most so many open tickets of one tenant, so that a tenant deleting in a
 * flood cannot evict every other tenant's tickets from a cache of bounded size. A ticket past the
 * bound is not kept: its deletion is still undone inside its window, through PostgreSQL, as after any
 * cache miss. The count is this replica's (tickets it put whose windows are open, less those it took),
 * so with Redis and N replicas a tenant can hold up to N times the bound.
 */
public final class TenantBoundedUndoCache implements UndoCache {
  private final UndoCache tickets;
  private final int maxOpenTickets;
  private final Clock clock;
  private final Counter refused;
  /** Per tenant, its open tickets; changed only inside the map's compute, one tenant at a time. */
  private final Map<String, OpenTickets> open = new ConcurrentHashMap<>();

  /** How many of a tenant's tickets close their windows at each instant, and how many in all. */
  private static final class OpenTickets {
    final TreeMap<Instant, Integer> closing = new TreeMap<>();
    int total;

    void forgetClosedBy(Instant now) {
      Map<Instant, Integer> closed = closing.headMap(now, true);
      closed.values().forEach(count -> total -= count);
      closed.clear();
    }
  }

  public TenantBoundedUndoCache(UndoCache tickets, int maxOpenTickets, Clock clock, MeterRegistry registry) {
    this.tickets = tickets;
    this.maxOpenTickets = maxOpenTickets;
    this.clock = clock;
    this.refused = Counter.builder("undo.cache.refused")
        .description("Undo tickets not kept because their tenant had UNDO_TENANT_MAX_OPEN_TICKETS open")
        .register(registry);
  }

  @Override
  public Future<Void> put(UndoTicket ticket) {
    if (!admit(ticket.tenant(), ticket.expiresAt())) {
      refused.increment();
      return Future.succeededFuture();
    }
    return tickets.put(ticket);
  }

  @Override
  public Future<UndoTicket> take(String tenant, UUID deletionId) {
    return tickets.take(tenant, deletionId).onSuccess(ticket -> {
      if (ticket != null) {
        release(tenant, ticket.expiresAt());
      }
    });
  }

  private boolean admit(String tenant, Instant expiresAt) {
    boolean[] admitted = {false};
    Instant now = clock.instant();
    open.compute(tenant, (t, known) -> {
      OpenTickets tickets = known == null ? new OpenTickets() : known;
      tickets.forgetClosedBy(now);
      if (tickets.total < maxOpenTickets) {
        tickets.closing.merge(expiresAt, 1, Integer::sum);
        tickets.total++;
        admitted[0] = true;
      }
      return tickets.total == 0 ? null : tickets;
    });
    return admitted[0];
  }

  private void release(String tenant, Instant expiresAt) {
    open.computeIfPresent(tenant, (t, tickets) -> {
      Integer count = tickets.closing.get(expiresAt);
      if (count != null) {
        if (count > 1) {
          tickets.closing.put(expiresAt, count - 1);
        } else {
          tickets.closing.remove(expiresAt);
        }
        tickets.total--;
      }
      return tickets.total == 0 ? null : tickets;
    });
  }

  @Override
  public String kind() {
    return tickets.kind();
  }

  @Override
  public Future<Void> close() {
    open.clear();
    return tickets.close();
  }
}
