package dev.undo.undo;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The undo cache of a service that runs alone. Caffeine's operations never block, so results are
 * handed back at once on the caller's context. Each ticket expires at its own deadline, read off the
 * injected clock, which also drives Caffeine's ticker so that tests move time without sleeping.
 *
 * <p>Caffeine's maintenance (expiry, eviction) runs on the thread that wrote, not on the common
 * fork-join pool: every DELETE puts a ticket and every undo removes one, so handing it off would wake
 * a pool worker per request; in place it is a few buffered entries, amortised, and never waits
 * (Caffeine skips it while another thread holds it).
 */
public final class CaffeineUndoCache implements UndoCache {
  private final Cache<Key, UndoTicket> tickets;

  public CaffeineUndoCache(long maximumSize, Clock clock) {
    Ticker ticker = () -> {
      var now = clock.instant();
      return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };
    this.tickets = Caffeine.newBuilder()
        .maximumSize(maximumSize)
        .ticker(ticker)
        .expireAfter(new UntilWindowCloses(clock))
        .executor(Runnable::run)
        .recordStats()
        .build();
  }

  @Override
  public Future<Void> put(UndoTicket ticket) {
    tickets.asMap().putIfAbsent(new Key(ticket.tenant(), ticket.deletionId()), ticket);
    return Future.succeededFuture();
  }

  /**
   * {@code getIfPresent} records the hit or miss in Caffeine's statistics (map-view operations record
   * none); the conditional remove then makes the take atomic: of two takers only one removes it.
   */
  @Override
  public Future<UndoTicket> take(String tenant, UUID deletionId) {
    Key key = new Key(tenant, deletionId);
    UndoTicket ticket = tickets.getIfPresent(key);
    return Future.succeededFuture(ticket != null && tickets.asMap().remove(key, ticket) ? ticket : null);
  }

  @Override
  public String kind() {
    return "caffeine";
  }

  @Override
  public Future<Void> close() {
    tickets.invalidateAll();
    return Future.succeededFuture();
  }

  /** The Caffeine cache itself, for its statistics and for tests that force maintenance. */
  public Cache<?, ?> underlying() {
    return tickets;
  }

  private record Key(String tenant, UUID deletionId) {}

  private static final class UntilWindowCloses implements Expiry<Key, UndoTicket> {
    private final Clock clock;

    UntilWindowCloses(Clock clock) {
      this.clock = clock;
    }

    @Override
    public long expireAfterCreate(Key key, UndoTicket ticket, long currentTime) {
      return Math.max(0, Duration.between(clock.instant(), ticket.expiresAt()).toNanos());
    }

    @Override
    public long expireAfterUpdate(Key key, UndoTicket ticket, long currentTime, long currentDuration) {
      return currentDuration;
    }

    @Override
    public long expireAfterRead(Key key, UndoTicket ticket, long currentTime, long currentDuration) {
      return currentDuration;
    }
  }
}
