package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HistoryPartitionsTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  private final Http http = service.http();

  private static String partitionOf(Instant instant) {
    return "item_history_" + LocalDate.ofInstant(instant, ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE);
  }

  private boolean exists(String partition) {
    return service.sqlValue("SELECT to_regclass(?) IS NOT NULL", partition).equals(Boolean.TRUE);
  }

  @Test
  void partitionsAreMadeAheadForEveryRetentionInUseAndThereIsNoDefault() {
    http.putJson("/v1/collections/short", new JsonObject().put("retention", "P3D"));
    Instant now = service.clock().instant();
    for (int day = 0; day <= 7; day++) {
      assertThat(exists(partitionOf(now.plus(Duration.ofDays(90 + day))))).as("90-day retention, day %d", day).isTrue();
      assertThat(exists(partitionOf(now.plus(Duration.ofDays(3 + day))))).as("3-day retention, day %d", day).isTrue();
    }
    assertThat(service.sqlValue(
        "SELECT count(*) FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
            + " WHERE c.relname = 'item_history' AND p.partdefid <> 0")).isEqualTo(0L);
  }

  @Test
  void aRowWhosePartitionIsMissingMakesItAndIsWritten() {
    http.putJson("/v1/collections/jump", new JsonObject().put("retention", "P1D"));
    String path = "/v1/collections/jump/items/" + http.postJson("/v1/collections/jump/items", new JsonObject()).json().getString("id");
    service.clock().advance(Duration.ofDays(400));
    assertThat(exists(partitionOf(service.clock().instant().plus(Duration.ofDays(1))))).isFalse();

    assertThat(http.delete(path).status()).isEqualTo(204);
    assertThat(exists(partitionOf(service.clock().instant().plus(Duration.ofDays(1))))).isTrue();
    assertThat(service.sqlValue("SELECT count(*) FROM item_history WHERE id = ?::uuid", path.substring(path.lastIndexOf('/') + 1)))
        .isEqualTo(2L);
  }
}
