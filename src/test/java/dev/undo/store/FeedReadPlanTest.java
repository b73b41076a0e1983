package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A read of the change feed at its head costs the same however long the feed is: the readers' poller
 * runs it every poll interval while anyone waits. Counted in the buffers PostgreSQL touches, with
 * 200,000 events behind the cursor (before the fix, the index scan began at the tenant's first event
 * and touched every page of the index).
 */
class FeedReadPlanTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  @BeforeAll
  static void aLongFeed() {
    service.sql("INSERT INTO events (tenant_id, event_xid, seq, occurred_at, id, aggregatetype, aggregateid, type)"
        + " SELECT 'default', ((g / 2)::text)::xid8, g, now(), gen_random_uuid(), 'notes', gen_random_uuid()::text,"
        + " 'dev.undo.item.created' FROM generate_series(1, 200000) g");
    service.sql("ANALYZE events");
  }

  @ParameterizedTest
  @ValueSource(strings = {"changes-read.sql", "changes-read-collection.sql"})
  void aReadAtTheHeadTouchesAFewPages(String file) throws IOException {
    String statement = Files.readString(Path.of("src/main/resources/sql", file))
        .replace("$1", "'default'").replace("$2", "'100000'").replace("$3", "'200000'").replace("$4", "100")
        .replace("$5", "'notes'");
    for (int warm = 0; warm < 3; warm++) {
      service.sql(statement);
    }
    JsonObject plan = new JsonArray(service.sqlValue("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + statement).toString())
        .getJsonObject(0).getJsonObject("Plan");
    long pages = plan.getLong("Shared Hit Blocks") + plan.getLong("Shared Read Blocks");
    assertThat(pages).as("pages a read at the head touches, with 200,000 events behind it").isLessThan(100);
  }
}
