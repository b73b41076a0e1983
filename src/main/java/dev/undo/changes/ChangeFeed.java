package dev.undo.changes;

import dev.undo.domain.FeedCursor;
import dev.undo.domain.FeedEvent;
import dev.undo.domain.FeedExpiredException;
import dev.undo.service.Caller;
import dev.undo.store.FeedReadResult;
import dev.undo.store.FeedStore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The change feed of this replica: pages of it, and the readers that wait for what comes next (long
 * polls and Server-Sent Events). Waiting costs no query per reader: one poller, every poll interval
 * while anyone waits, reads once for each distinct (tenant, cursor) among the waiting readers (all
 * readers that are caught up share one) and hands what it read to each of them on its own context.
 */
public final class ChangeFeed {
  /** What a waiting reader is told, always on the context it subscribed from. */
  public interface Listener {
    /** Events after the reader's cursor, in feed order; {@code next} is where it now stands. */
    void events(List<FeedEvent> events, FeedCursor next);

    /** Nothing happened for a while: a stream writes a comment so that proxies and the idle timeout keep it open. */
    void idle();
  }

  /** The most events one poll reads for a group of readers; a reader further behind reads on at the next poll. */
  static final int POLL_BATCH = 500;
  static final Duration IDLE_EVERY = Duration.ofSeconds(15);
  static final Duration COUNT_EVERY = Duration.ofSeconds(10);

  private final Vertx vertx;
  private final FeedStore store;
  private final Duration pollInterval;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();
  private long timer = -1;
  private long idleTimer = -1;
  private long countTimer = -1;
  private final AtomicLong written = new AtomicLong();
  private boolean polling;

  public ChangeFeed(Vertx vertx, FeedStore store, Duration pollInterval, MeterRegistry registry) {
    this.vertx = vertx;
    this.store = store;
    this.pollInterval = pollInterval;
    Gauge.builder("undo.changes.clients", subscriptions, Set::size)
        .description("Readers of the change feed waiting for events (long polls and Server-Sent Events)")
        .register(registry);
    FunctionCounter.builder("undo.events.written", written, AtomicLong::get)
        .description("Events written to the change feed's outbox by every replica, as of the last look (every 10 s)")
        .register(registry);
  }

  /** Starts the poller, on a context of its own. */
  public void start() {
    vertx.runOnContext(started -> {
      timer = vertx.setPeriodic(pollInterval.toMillis(), tick -> poll());
      idleTimer = vertx.setPeriodic(IDLE_EVERY.toMillis(), tick -> subscriptions.forEach(Subscription::idle));
      countTimer = vertx.setPeriodic(0, COUNT_EVERY.toMillis(), tick -> store.written().onSuccess(written::set));
    });
  }

  public void stop() {
    vertx.cancelTimer(timer);
    vertx.cancelTimer(idleTimer);
    vertx.cancelTimer(countTimer);
    subscriptions.clear();
  }

  /** A page of the feed after the cursor (of one collection when it is not null); 410 when the cursor is too old. */
  public Future<List<FeedEvent>> page(Caller caller, String collection, FeedCursor after, int limit) {
    Future<FeedReadResult> read = collection == null
        ? store.read(caller.tenant(), after, limit)
        : store.read(caller.tenant(), collection, after, limit);
    return read.map(result -> switch (result.outcome()) {
      case EVENTS -> result.events();
      case EXPIRED -> throw new FeedExpiredException("the cursor " + after + " is older than the oldest event the feed keeps;"
          + " read the items again and follow the feed from its start (no after)");
    });
  }

  /**
   * Waits for the events after the cursor; the listener hears of them on the calling context until the
   * subscription is cancelled. A subscription made {@code once} ends by itself after its first events.
   */
  public Subscription subscribe(Caller caller, String collection, FeedCursor after, boolean once, Listener listener) {
    Subscription subscription = new Subscription(caller.tenant(), collection, after, once, vertx.getOrCreateContext(), listener);
    subscriptions.add(subscription);
    return subscription;
  }

  private void poll() {
    if (polling || subscriptions.isEmpty()) {
      return;
    }
    polling = true;
    Map<Group, List<Subscription>> groups = new HashMap<>();
    for (Subscription subscription : subscriptions) {
      groups.computeIfAbsent(new Group(subscription.tenant, subscription.cursor), group -> new ArrayList<>()).add(subscription);
    }
    List<Future<Void>> reads = new ArrayList<>();
    groups.forEach((group, readers) -> reads.add(store.read(group.tenant(), group.cursor(), POLL_BATCH)
        .onSuccess(result -> {
          if (result.outcome() == FeedReadResult.Outcome.EVENTS && !result.events().isEmpty()) {
            readers.forEach(reader -> reader.deliver(result.events()));
          }
        })
        .<Void>mapEmpty()
        .otherwiseEmpty()));
    Future.join(reads).onComplete(done -> polling = false);
  }

  private record Group(String tenant, FeedCursor cursor) {}

  /** One waiting reader. Its cursor moves on the poller's context only. */
  public final class Subscription {
    private final String tenant;
    private final String collection;
    private final boolean once;
    private final Context context;
    private final Listener listener;
    private volatile FeedCursor cursor;

    private Subscription(String tenant, String collection, FeedCursor cursor, boolean once, Context context, Listener listener) {
      this.tenant = tenant;
      this.collection = collection;
      this.cursor = cursor;
      this.once = once;
      this.context = context;
      this.listener = listener;
    }

    /** Where the reader stands: past every event it was given and every event of other collections it skipped. */
    public FeedCursor cursor() {
      return cursor;
    }

    public void cancel() {
      subscriptions.remove(this);
    }

    private void deliver(List<FeedEvent> events) {
      if (!subscriptions.contains(this)) {
        return;
      }
      FeedCursor next = events.get(events.size() - 1).cursor();
      List<FeedEvent> wanted = collection == null ? events
          : events.stream().filter(event -> event.collection().equals(collection)).toList();
      cursor = next;
      if (wanted.isEmpty()) {
        return;
      }
      if (once) {
        cancel();
      }
      context.runOnContext(run -> listener.events(wanted, next));
    }

    private void idle() {
      context.runOnContext(run -> listener.idle());
    }
  }
}
