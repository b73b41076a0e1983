package dev.undo.undo;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The undo cache that several replicas share: {@code SET key ticket PX window NX} on delete,
 * {@code GETDEL} on undo, so a ticket is taken once whichever replica asks. Commands go through the
 * client's pool ({@code send}), which connects again after a Redis restart; each has a timeout, so
 * a Redis that hangs costs a request that much at most before PostgreSQL answers alone. An outage
 * is logged once when it starts and once when it ends; the service counts the failed commands.
 *
 * <p>{@code PX} bounds how long Redis keeps a ticket; the window's end is still checked against the
 * service's clock on take, so expiry is exact whatever the two clocks say.
 */
public final class RedisUndoCache implements UndoCache {
  private static final Logger LOG = LoggerFactory.getLogger(RedisUndoCache.class);
  private static final String PREFIX = "undo:ticket:";

  private final Redis client;
  private final RedisAPI redis;
  private final Clock clock;
  private final Duration timeout;
  private final AtomicBoolean reachable = new AtomicBoolean(true);

  public RedisUndoCache(Vertx vertx, RedisOptions options, Duration timeout, Clock clock) {
    this.client = Redis.createClient(vertx, options);
    this.redis = RedisAPI.api(client);
    this.clock = clock;
    this.timeout = timeout;
  }

  @Override
  public Future<Void> put(UndoTicket ticket) {
    long millis = Duration.between(clock.instant(), ticket.expiresAt()).toMillis();
    if (millis <= 0) {
      return Future.succeededFuture();
    }
    return watch(redis.set(List.of(key(ticket.tenant(), ticket.deletionId()), TicketCodec.encode(ticket).toString(),
            "PX", Long.toString(millis), "NX")))
        .mapEmpty();
  }

  @Override
  public Future<UndoTicket> take(String tenant, UUID deletionId) {
    return watch(redis.getdel(key(tenant, deletionId))).map(this::liveTicket);
  }

  private UndoTicket liveTicket(Response response) {
    if (response == null) {
      return null;
    }
    UndoTicket ticket = TicketCodec.decode(response.toBuffer());
    return ticket == null || ticket.expiresAt().isBefore(clock.instant()) ? null : ticket;
  }

  /** Adds the timeout and logs an outage once at its start and once at its end. */
  private <T> Future<T> watch(Future<T> command) {
    return command.timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .onSuccess(done -> {
          if (reachable.compareAndSet(false, true)) {
            LOG.info("Redis undo cache reachable again");
          }
        })
        .onFailure(failure -> {
          if (reachable.compareAndSet(true, false)) {
            LOG.warn("Redis undo cache unreachable ({}); undos fall back to PostgreSQL until it is back", failure.toString());
          }
        });
  }

  /** Whether the last command reached Redis, for health reports. */
  public boolean reachable() {
    return reachable.get();
  }

  private static String key(String tenant, UUID deletionId) {
    return PREFIX + tenant + ":" + deletionId;
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }
}
