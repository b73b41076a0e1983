package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The partitions of item_history on the default width: seven days, Monday to Monday. */
class HistoryPartitionsTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  private final Http http = service.http();

  private boolean covered(Instant instant) {
    return service.sqlValue("SELECT EXISTS (SELECT 1 FROM undo_history_partitions() WHERE first_day <= ?::date AND end_day > ?::date)",
        day(instant), day(instant)).equals(Boolean.TRUE);
  }

  private static String day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
  }

  @Test
  void partitionsAreMadeAheadForEveryRetentionInUseAndThereIsNoDefault() {
    http.putJson("/v1/collections/short", new JsonObject().put("retention", "P3D"));
    Instant now = service.clock().instant();
    for (int day = 0; day <= 7; day++) {
      assertThat(covered(now.plus(Duration.ofDays(90 + day)))).as("90-day retention, day %d", day).isTrue();
      assertThat(covered(now.plus(Duration.ofDays(3 + day)))).as("3-day retention, day %d", day).isTrue();
    }
    assertThat(service.sqlValue(
        "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
            + " WHERE c.relname = 'item_history' AND p.partdefid <> 0")).isEqualTo(0L);
  }

  @Test
  void eachPartitionSpansAWeekFromMondayAndIsNamedByItsBounds() {
    List<Map<String, Object>> made = service.sql("SELECT name, first_day::text AS first, end_day::text AS end"
        + " FROM undo_history_partitions() WHERE first_day < '2200-01-01'");
    assertThat(made).isNotEmpty().allSatisfy(partition -> {
      LocalDate first = LocalDate.parse((String) partition.get("first"));
      LocalDate end = LocalDate.parse((String) partition.get("end"));
      assertThat(first.getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
      assertThat(end).isEqualTo(first.plusDays(7));
      assertThat(partition.get("name")).isEqualTo("item_history_" + first.toString().replace("-", "") + "_" + end.toString().replace("-", ""));
    });
    // The eight days made ahead for the default retention lie in two weeks at most.
    Instant now = service.clock().instant();
    assertThat(service.sqlValue("SELECT count(*) FROM undo_history_partitions() WHERE first_day <= ?::date AND end_day > ?::date",
        day(now.plus(Duration.ofDays(97))), day(now.plus(Duration.ofDays(90))))).isIn(1L, 2L);
  }

  @Test
  void daysThatOneDayPartitionsAlreadyCoverAreNotCoveredAgain() {
    // As version 1 of the schema left them: one-day partitions, here Tuesday to Thursday.
    LocalDate monday = LocalDate.parse("2200-01-06");
    assertThat(service.sqlValue("SELECT undo_make_history_partitions(?::date, ?::date, 1)",
        monday.plusDays(1).toString(), monday.plusDays(3).toString())).isEqualTo(3);

    assertThat(service.sqlValue("SELECT undo_make_history_partitions(?::date, ?::date, 7)",
        monday.toString(), monday.plusDays(13).toString())).as("4 single days, then one week").isEqualTo(5);
    List<Object> names = service.sql("SELECT name FROM undo_history_partitions() WHERE first_day >= '2200-01-01' ORDER BY first_day")
        .stream().map(row -> row.get("name")).toList();
    assertThat(names).containsExactly("item_history_22000106", "item_history_22000107", "item_history_22000108",
        "item_history_22000109", "item_history_22000110", "item_history_22000111", "item_history_22000112",
        "item_history_22000113_22000120");
    assertThat(service.sqlValue("SELECT undo_make_history_partitions(?::date, ?::date, 7)",
        monday.toString(), monday.plusDays(13).toString())).as("nothing is missing").isEqualTo(0);
  }

  @Test
  void aRowWhosePartitionIsMissingMakesItAndIsWritten() {
    http.putJson("/v1/collections/jump", new JsonObject().put("retention", "P1D"));
    String path = "/v1/collections/jump/items/" + http.postJson("/v1/collections/jump/items", new JsonObject()).json().getString("id");
    service.clock().advance(Duration.ofDays(400));
    assertThat(covered(service.clock().instant().plus(Duration.ofDays(1)))).isFalse();

    assertThat(http.delete(path).status()).isEqualTo(204);
    assertThat(covered(service.clock().instant().plus(Duration.ofDays(1)))).isTrue();
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", path.substring(path.lastIndexOf('/') + 1)))
        .as("the version the delete retired").isEqualTo(1L);
  }
}
