package dev.undo.store;

import dev.undo.domain.FeedCursor;
import dev.undo.domain.FeedEvent;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/** Reads the change feed: one statement a page (V13__change_feed.sql says why it never misses an event). */
public final class FeedStore {
  private static final String READ = SqlStatements.load("changes-read");
  private static final String READ_COLLECTION = SqlStatements.load("changes-read-collection");
  private static final String WRITTEN = SqlStatements.load("events-written");
  private static final String TENANTS = SqlStatements.load("events-tenants");

  private final SqlClient client;

  public FeedStore(SqlClient client) {
    this.client = client;
  }

  /** The tenant's events after the cursor, in feed order, at most limit of them. */
  public Future<FeedReadResult> read(String tenant, FeedCursor after, int limit) {
    return client.preparedQuery(READ).execute(Tuple.of(tenant, Long.toString(after.xid()), after.seq(), limit))
        .map(FeedStore::result);
  }

  /** The same, of one collection's items. */
  public Future<FeedReadResult> read(String tenant, String collection, FeedCursor after, int limit) {
    return client.preparedQuery(READ_COLLECTION)
        .execute(Tuple.of(tenant, Long.toString(after.xid()), after.seq(), limit, collection))
        .map(FeedStore::result);
  }

  /** The tenants that have collections, so may have events. */
  public Future<List<String>> tenants() {
    return client.query(TENANTS).execute().map(rows -> {
      List<String> tenants = new ArrayList<>();
      rows.forEach(row -> tenants.add(row.getString("tenant_id")));
      return tenants;
    });
  }

  /** Events written so far, by every replica (rolled back ones included). */
  public Future<Long> written() {
    return client.query(WRITTEN).execute().map(rows -> rows.iterator().next().getLong("written"));
  }

  private static FeedReadResult result(RowSet<Row> rows) {
    List<FeedEvent> events = new ArrayList<>();
    boolean expired = false;
    for (Row row : rows) {
      expired = row.getBoolean("expired");
      String xid = row.getString("event_xid");
      if (xid != null) {
        events.add(new FeedEvent(new FeedCursor(Long.parseLong(xid), row.getLong("seq")), row.getString("collection"),
            row.getJsonObject("payload")));
      }
    }
    return new FeedReadResult(expired ? FeedReadResult.Outcome.EXPIRED : FeedReadResult.Outcome.EVENTS, List.copyOf(events));
  }
}
