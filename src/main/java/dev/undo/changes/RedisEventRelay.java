package dev.undo.changes;

import dev.undo.domain.FeedCursor;
import dev.undo.domain.FeedEvent;
import dev.undo.store.FeedReadResult;
import dev.undo.store.FeedStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends the change feed to the Redis stream {@code undo:events} (capped), each event exactly once,
 * whatever the replicas and their restarts. One replica relays at a time (a lease in Redis, renewed at
 * every pass). Exactly once does not rest on the lease: each tenant's position in the feed is kept in
 * Redis beside the stream, and a script appends a page and moves the position only if the position is
 * still the one the page was read after, in one step; a relay that lost its lease unknowingly appends
 * nothing. The position key {@code {undo:events}:positions} hashes to the stream's slot, so the script
 * runs on Redis Cluster too.
 */
public final class RedisEventRelay {
  private static final Logger LOG = LoggerFactory.getLogger(RedisEventRelay.class);
  static final String STREAM = "undo:events";
  static final String POSITIONS = "{undo:events}:positions";
  static final String LEASE = "{undo:events}:relay";
  static final int PAGE = 500;
  static final int SCRUB_PAGE = 1_000;
  private static final String ERASED = "dev.undo.item.erased";
  static final long STREAM_MAX = 1_000_000;
  static final Duration LEASE_TIME = Duration.ofSeconds(3);
  /** Renews the lease if this relay holds it, takes it if nobody does: 1 when this relay holds it now. */
  private static final String TAKE_LEASE = """
      local holder = redis.call('GET', KEYS[1])
      if holder == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
      if not holder then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
      return 0""";
  /** Appends a page of one tenant's events if its position is still the page's start; 1 when it did. */
  private static final String APPEND = """
      local at = redis.call('HGET', KEYS[2], ARGV[1]) or '0.0'
      if at ~= ARGV[2] then return 0 end
      for i = 5, #ARGV, 3 do
        redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 'tenant', ARGV[1], 'cursor', ARGV[i], 'item', ARGV[i + 1],
          'event', ARGV[i + 2])
      end
      redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
      return 1""";

  private final Vertx vertx;
  private final Redis client;
  private final RedisAPI redis;
  private final FeedStore store;
  private final Duration interval;
  private final Clock clock;
  private final String me = UUID.randomUUID().toString();
  private final AtomicLong lagEvents = new AtomicLong();
  private final AtomicLong lagMillis = new AtomicLong();
  private long timer = -1;
  private boolean running;

  public RedisEventRelay(Vertx vertx, RedisOptions options, FeedStore store, Duration interval, Clock clock, MeterRegistry registry) {
    this.vertx = vertx;
    this.client = Redis.createClient(vertx, options);
    this.redis = RedisAPI.api(client);
    this.store = store;
    this.interval = interval;
    this.clock = clock;
    Gauge.builder("undo.events.relay.lag.events", lagEvents, AtomicLong::get)
        .description("Events of the change feed not yet in the Redis stream, as the relaying replica last saw (at most a page a tenant)")
        .register(registry);
    Gauge.builder("undo.events.relay.lag.seconds", lagMillis, millis -> millis.get() / 1000.0)
        .description("Age of the oldest event not yet in the Redis stream, as the relaying replica last saw")
        .register(registry);
  }

  public void start() {
    vertx.runOnContext(started -> timer = vertx.setPeriodic(interval.toMillis(), tick -> pass()));
  }

  public Future<Void> stop() {
    vertx.cancelTimer(timer);
    return client.close();
  }

  private void pass() {
    if (running) {
      return;
    }
    running = true;
    redis.eval(List.of(TAKE_LEASE, "1", LEASE, me, Long.toString(LEASE_TIME.toMillis())))
        .compose(held -> {
          if (held.toInteger() == 1) {
            return relayAll();
          }
          lagEvents.set(0);
          lagMillis.set(0);
          return Future.<Void>succeededFuture();
        })
        .onFailure(failure -> LOG.debug("Relay to Redis skipped this pass: {}", failure.toString()))
        .onComplete(done -> running = false);
  }

  private Future<Void> relayAll() {
    return store.tenants().compose(tenants -> {
      long[] lag = {0, 0};
      Future<Void> chain = Future.succeededFuture();
      for (String tenant : tenants) {
        chain = chain.compose(done -> relay(tenant, lag));
      }
      return chain.onSuccess(done -> {
        lagEvents.set(lag[0]);
        lagMillis.set(lag[1]);
      });
    });
  }

  /** One page of the tenant's events after its position; the lag it leaves behind goes into lag. */
  private Future<Void> relay(String tenant, long[] lag) {
    return redis.hget(POSITIONS, tenant)
        .compose(position -> {
          FeedCursor after = position == null ? FeedCursor.START : FeedCursor.parse(position.toString());
          return store.read(tenant, after, PAGE).compose(page -> append(tenant, after, page));
        })
        .map(left -> {
          lag[0] += left.events;
          lag[1] = Math.max(lag[1], left.oldestMillis);
          return null;
        });
  }

  private record Left(long events, long oldestMillis) {}

  private Future<Left> append(String tenant, FeedCursor after, FeedReadResult page) {
    List<FeedEvent> events = page.events();
    if (page.outcome() != FeedReadResult.Outcome.EVENTS || events.isEmpty()) {
      return Future.succeededFuture(new Left(0, 0));
    }
    List<String> args = new ArrayList<>(8 + 3 * events.size());
    args.addAll(List.of(APPEND, "2", STREAM, POSITIONS, tenant, after.toString(),
        events.get(events.size() - 1).cursor().toString(), Long.toString(STREAM_MAX)));
    for (FeedEvent event : events) {
      args.add(event.cursor().toString());
      args.add(event.cloudEvent().getString("subject"));
      args.add(event.cloudEvent().encode());
    }
    return scrubErased(tenant, events).compose(scrubbed -> redis.eval(args)).map(appended -> {
      if (appended.toInteger() != 1) {
        return new Left(events.size(), age(events.get(0)));
      }
      // A full page may have more behind it, which the next pass appends.
      return events.size() < PAGE ? new Left(0, 0) : new Left(1, age(events.get(events.size() - 1)));
    });
  }

  /**
   * An erasure keeps no copy of the item's data anywhere the service writes, the stream included: before
   * a page with an erasure is appended, the stream's earlier entries of that item go (XDEL), a thousand
   * entries read at a time. Before, not after, so that a relay that stops in between does it again with
   * the page at its next pass.
   */
  private Future<Void> scrubErased(String tenant, List<FeedEvent> events) {
    Future<Void> chain = Future.succeededFuture();
    for (FeedEvent event : events) {
      if (ERASED.equals(event.cloudEvent().getString("type"))) {
        String item = event.cloudEvent().getString("subject");
        chain = chain.compose(done -> scrub(tenant, item, "-"));
      }
    }
    return chain;
  }

  private Future<Void> scrub(String tenant, String item, String from) {
    return redis.xrange(List.of(STREAM, from, "+", "COUNT", Integer.toString(SCRUB_PAGE))).compose(entries -> {
      List<String> doomed = new ArrayList<>();
      String last = null;
      for (Response entry : entries) {
        last = entry.get(0).toString();
        Response fields = entry.get(1);
        String entryTenant = null;
        String entryItem = null;
        for (int f = 0; f + 1 < fields.size(); f += 2) {
          String name = fields.get(f).toString();
          if (name.equals("tenant")) {
            entryTenant = fields.get(f + 1).toString();
          } else if (name.equals("item")) {
            entryItem = fields.get(f + 1).toString();
          }
        }
        if (tenant.equals(entryTenant) && item.equals(entryItem)) {
          doomed.add(last);
        }
      }
      Future<Void> deleted = doomed.isEmpty() ? Future.succeededFuture()
          : redis.xdel(concat(STREAM, doomed)).mapEmpty();
      if (entries.size() < SCRUB_PAGE) {
        return deleted;
      }
      String next = "(" + last;
      return deleted.compose(done -> scrub(tenant, item, next));
    });
  }

  private static List<String> concat(String first, List<String> rest) {
    List<String> all = new ArrayList<>(rest.size() + 1);
    all.add(first);
    all.addAll(rest);
    return all;
  }

  private long age(FeedEvent event) {
    String time = event.cloudEvent().getString("time");
    return time == null ? 0 : Math.max(0, Duration.between(Instant.parse(time), clock.instant()).toMillis());
  }
}
