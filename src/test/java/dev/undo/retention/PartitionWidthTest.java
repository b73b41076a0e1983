package dev.undo.retention;

import static dev.undo.http.ProblemsForTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Seven-day partitions, the default: a row past its retention is gone from every read at once, and
 * its partition is dropped once the partition's last day has ended.
 */
class PartitionWidthTest {
  @RegisterExtension
  static final RunningService service = new RunningService(new JsonObject().put("UNDO_PURGE_INTERVAL", "PT1H"));

  private final Http http = service.http();

  private PurgeReport tick() throws Exception {
    return service.application().purge().tick().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  @Test
  void aWeekPartitionIsDroppedWhenItsLastDayHasEndedNotWhenItsFirstRowIsDue() throws Exception {
    http.putJson("/v1/collections/daily", new JsonObject().put("retention", "P1D"));
    String path = "/v1/collections/daily/items/" + http.postJson("/v1/collections/daily/items", new JsonObject()).json().getString("id");
    assertThat(http.delete(path).status()).isEqualTo(204);
    String id = path.substring(path.lastIndexOf('/') + 1);
    java.util.Map<String, Object> found = service.sql("SELECT p.name, p.first_day, p.end_day FROM undo_history_partitions() p"
        + " WHERE p.name = (SELECT DISTINCT tableoid::regclass::text FROM item_history WHERE id = ?::uuid)", id).get(0);
    HistoryPartition partition = new HistoryPartition((String) found.get("name"),
        ((java.sql.Date) found.get("first_day")).toLocalDate(), ((java.sql.Date) found.get("end_day")).toLocalDate());
    assertThat(partition.end()).isEqualTo(partition.first().plusDays(7));
    Instant end = partition.end().atStartOfDay().toInstant(ZoneOffset.UTC);

    // The last millisecond of the partition: every row in it is past retention (purge_at has
    // millisecond precision and lies before the partition's end), yet the partition stays.
    service.clock().advance(Duration.between(service.clock().instant(), end).minusMillis(1));
    assertProblem(http.get(path), 404);
    PurgeReport early = tick();
    assertThat(early.dropped()).doesNotContain(partition.name());
    // The tombstone, past its retention when its window's end let it leave items, was not kept.
    assertThat(early.tombstonesMoved()).isEqualTo(1);
    assertThat(service.sqlValue("SELECT count(*) FROM items WHERE id = ?::uuid", id)).isEqualTo(0L);
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", id)).as("kept, unseen").isEqualTo(1L);

    service.clock().advance(Duration.ofMillis(1));
    PurgeReport report = tick();
    assertThat(report.dropped()).contains(partition.name());
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", id)).isEqualTo(0L);
  }
}
