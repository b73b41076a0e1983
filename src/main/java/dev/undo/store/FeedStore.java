package dev.undo.store;

import dev.undo.domain.FeedCursor;
import dev.undo.domain.FeedEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Locale;
import java.util.List;

/** Reads the change feed: one statement a page (V13__change_feed.sql says why it never misses an event). */
public final class FeedStore {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
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

  /**
   * The event as CloudEvents 1.0 JSON. The row holds its parts (the trigger writes no JSON, which cost
   * the writes more than the row); the item is the API's view of it without the undo link.
   */
  static JsonObject cloudEvent(Row row) {
    String collection = row.getString("collection");
    String id = row.getString("item_id");
    String time = TIME.format(Timestamps.fromDb(row.getOffsetDateTime("occurred_at")));
    JsonObject data = new JsonObject().put("collection", collection).put("id", id);
    JsonObject itemData = row.getJsonObject("data");
    if (row.getInteger("version") != null) {
      String deletionId = row.getUUID("deletion_id") == null ? null : row.getUUID("deletion_id").toString();
      data.put("version", row.getInteger("version")).put("state", row.getString("state")).put("deletionId", deletionId);
      data.put("actor", row.getString("actor"));
      if (itemData != null) {
        data.put("item", new JsonObject().put("id", id).put("collection", collection).put("version", row.getInteger("version"))
            .put("state", row.getString("state")).put("data", itemData).put("updatedAt", time).put("deletionId", deletionId));
      }
    } else {
      data.put("actor", row.getString("actor"));
    }
    return new JsonObject()
        .put("specversion", "1.0").put("id", row.getUUID("id").toString()).put("source", "/v1/collections/" + collection)
        .put("type", row.getString("type")).put("subject", id).put("time", time)
        .put("datacontenttype", "application/json").put("data", data);
  }

  private static FeedReadResult result(RowSet<Row> rows) {
    List<FeedEvent> events = new ArrayList<>();
    boolean expired = false;
    for (Row row : rows) {
      expired = row.getBoolean("expired");
      String xid = row.getString("event_xid");
      if (xid != null) {
        events.add(new FeedEvent(new FeedCursor(Long.parseLong(xid), row.getLong("seq")), row.getString("collection"),
            cloudEvent(row)));
      }
    }
    return new FeedReadResult(expired ? FeedReadResult.Outcome.EXPIRED : FeedReadResult.Outcome.EVENTS, List.copyOf(events));
  }
}
