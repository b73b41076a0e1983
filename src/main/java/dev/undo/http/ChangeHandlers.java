package dev.undo.http;

import dev.undo.changes.ChangeFeed;
import dev.undo.domain.CollectionNames;
import dev.undo.domain.FeedCursor;
import dev.undo.domain.FeedEvent;
import dev.undo.domain.InvalidRequestException;
import dev.undo.domain.IsoDurations;
import dev.undo.service.Caller;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * {@code GET /v1/changes}: a page of the change feed, a long poll ({@code wait}), or Server-Sent
 * Events ({@code Accept: text/event-stream}, resumed after {@code Last-Event-ID}).
 */
final class ChangeHandlers {
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final int DEFAULT_LIMIT = 100;
  private static final String EVENT_STREAM = "text/event-stream";

  private final ChangeFeed feed;
  private final Function<RoutingContext, Caller> callers;

  ChangeHandlers(ChangeFeed feed, Function<RoutingContext, Caller> callers) {
    this.feed = feed;
    this.callers = callers;
  }

  void read(RoutingContext ctx) {
    Caller caller = callers.apply(ctx);
    String collection = collection(ctx);
    int limit = ctx.request().getParam("limit") == null ? DEFAULT_LIMIT : Requests.limit(ctx);
    Duration wait = waitParam(ctx);
    String accept = ctx.request().getHeader("accept");
    if (accept != null && accept.contains(EVENT_STREAM)) {
      String lastEventId = ctx.request().getHeader("last-event-id");
      FeedCursor after = lastEventId != null ? cursor(lastEventId, "Last-Event-ID") : after(ctx);
      new EventStream(ctx, caller, collection, limit).start(after);
      return;
    }
    FeedCursor after = after(ctx);
    feed.page(caller, collection, after, limit).onSuccess(events -> {
      if (!events.isEmpty() || wait.isZero()) {
        page(ctx, events, events.isEmpty() ? after : last(events));
        return;
      }
      RequestDeadline.extend(ctx, wait);
      ChangeFeed.Subscription[] waiting = new ChangeFeed.Subscription[1];
      long timer = ctx.vertx().setTimer(wait.toMillis(), expired -> {
        waiting[0].cancel();
        page(ctx, List.of(), waiting[0].cursor());
      });
      waiting[0] = feed.subscribe(caller, collection, after, true, new ChangeFeed.Listener() {
        @Override
        public void events(List<FeedEvent> arrived, FeedCursor next) {
          ctx.vertx().cancelTimer(timer);
          page(ctx, arrived.size() > limit ? arrived.subList(0, limit) : arrived,
              arrived.size() > limit ? arrived.get(limit - 1).cursor() : next);
        }

        @Override
        public void idle() {}
      });
      ctx.response().closeHandler(closed -> {
        ctx.vertx().cancelTimer(timer);
        waiting[0].cancel();
      });
    }).onFailure(ctx::fail);
  }

  private static void page(RoutingContext ctx, List<FeedEvent> events, FeedCursor next) {
    Responses.json(ctx, 200, () -> {
      Buffer body = Buffer.buffer(256 + 512 * events.size()).appendString("{\"events\":[");
      for (int i = 0; i < events.size(); i++) {
        body.appendString(i == 0 ? "" : ",").appendBuffer(events.get(i).cloudEvent().toBuffer());
      }
      return body.appendString("],\"next\":\"").appendString(next.toString()).appendString("\"}");
    });
  }

  private static FeedCursor last(List<FeedEvent> events) {
    return events.get(events.size() - 1).cursor();
  }

  private static FeedCursor after(RoutingContext ctx) {
    String after = ctx.request().getParam("after");
    return after == null ? FeedCursor.START : cursor(after, "after");
  }

  private static FeedCursor cursor(String text, String name) {
    FeedCursor cursor = FeedCursor.parse(text);
    if (cursor == null) {
      throw new InvalidRequestException(name + " must be a cursor of this feed (the next of a page, or an event's id)");
    }
    return cursor;
  }

  private static String collection(RoutingContext ctx) {
    String collection = ctx.request().getParam("collection");
    if (collection != null && !CollectionNames.isValid(collection)) {
      throw new InvalidRequestException("collection must be a collection name such as notes");
    }
    return collection;
  }

  private static Duration waitParam(RoutingContext ctx) {
    String text = ctx.request().getParam("wait");
    if (text == null) {
      return Duration.ZERO;
    }
    Duration wait = IsoDurations.parse("wait", text);
    if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
      throw new InvalidRequestException("wait must be an ISO 8601 duration from PT0S to PT60S, such as PT20S");
    }
    return wait;
  }

  /**
   * One reader's stream: it reads the pages it is behind by itself, each once the previous one has been
   * written out, then waits with the others. A reader that cannot keep up is closed, and resumes with
   * Last-Event-ID: the server keeps no backlog for it.
   */
  private final class EventStream implements ChangeFeed.Listener {
    private final RoutingContext ctx;
    private final HttpServerResponse response;
    private final Caller caller;
    private final String collection;
    private final int limit;
    private ChangeFeed.Subscription subscription;
    private boolean closed;

    EventStream(RoutingContext ctx, Caller caller, String collection, int limit) {
      this.ctx = ctx;
      this.response = ctx.response();
      this.caller = caller;
      this.collection = collection;
      this.limit = limit;
    }

    void start(FeedCursor after) {
      feed.page(caller, collection, after, limit).onSuccess(events -> {
        RequestDeadline.cancel(ctx);
        response.setChunked(true).putHeader("content-type", EVENT_STREAM).putHeader("cache-control", "no-cache");
        response.closeHandler(gone -> close());
        response.write(": the change feed\n\n");
        catchUp(events, after);
      }).onFailure(ctx::fail);
    }

    private void catchUp(List<FeedEvent> events, FeedCursor after) {
      if (closed) {
        return;
      }
      write(events);
      FeedCursor next = events.isEmpty() ? after : last(events);
      if (events.size() < limit) {
        subscription = feed.subscribe(caller, collection, next, false, this);
        return;
      }
      Runnable more = () -> feed.page(caller, collection, next, limit)
          .onSuccess(page -> catchUp(page, next))
          .onFailure(failure -> response.reset());
      if (response.writeQueueFull()) {
        response.drainHandler(drained -> more.run());
      } else {
        more.run();
      }
    }

    @Override
    public void events(List<FeedEvent> events, FeedCursor next) {
      if (closed) {
        return;
      }
      if (response.writeQueueFull()) {
        close();
        response.reset();
        return;
      }
      write(events);
    }

    @Override
    public void idle() {
      if (!closed) {
        response.write(":\n\n");
      }
    }

    private void write(List<FeedEvent> events) {
      if (events.isEmpty()) {
        return;
      }
      Buffer chunk = Buffer.buffer(512 * events.size());
      for (FeedEvent event : events) {
        chunk.appendString("id: ").appendString(event.cursor().toString()).appendString("\ndata: ")
            .appendBuffer(event.cloudEvent().toBuffer()).appendString("\n\n");
      }
      response.write(chunk);
    }

    private void close() {
      closed = true;
      if (subscription != null) {
        subscription.cancel();
      }
    }
  }
}
