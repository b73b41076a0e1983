package dev.undo.changes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's Debezium configuration fits the outbox as it is: nothing here can run Kafka Connect, so
 * the test checks what the connector would read (the table, the columns each option names) and runs
 * the publication statement the README gives.
 */
class DebeziumOutboxTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  private static String block(String readme, String section, String language) {
    int at = readme.indexOf(section);
    assertThat(at).as(section).isPositive();
    int start = readme.indexOf("```" + language + "\n", at) + language.length() + 4;
    return readme.substring(start, readme.indexOf("```", start));
  }

  @Test
  void theConnectorReadsColumnsTheOutboxHasAndThePublicationIsMade() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String section = "### Streaming the outbox to Kafka with Debezium";
    JsonObject config = new JsonObject(block(readme, section, "json")).getJsonObject("config");

    assertThat(config.getString("connector.class")).isEqualTo("io.debezium.connector.postgresql.PostgresConnector");
    assertThat(config.getString("transforms.outbox.type")).isEqualTo("io.debezium.transforms.outbox.EventRouter");
    String schema = (String) service.sqlValue("SELECT current_schema()");
    assertThat(config.getString("table.include.list")).isEqualTo(schema + ".events");

    List<String> named = new ArrayList<>();
    for (String option : List.of("table.field.event.id", "table.field.event.key", "table.field.event.payload", "route.by.field")) {
      named.add(config.getString("transforms.outbox." + option));
    }
    for (String placement : config.getString("transforms.outbox.table.fields.additional.placement").split(",")) {
      named.add(placement.split(":")[0]);
    }
    List<String> columns = service.sql("SELECT column_name::text AS name FROM information_schema.columns WHERE table_name = 'events'")
        .stream().map(row -> (String) row.get("name")).toList();
    assertThat(columns).containsAll(named).contains("id", "aggregatetype", "aggregateid", "type", "payload");
    Map<String, Object> types = service.sql("SELECT data_type::text AS id, (SELECT data_type::text FROM information_schema.columns"
        + " WHERE table_name = 'events' AND column_name = 'payload') AS payload FROM information_schema.columns"
        + " WHERE table_name = 'events' AND column_name = 'id'").get(0);
    assertThat(types).containsEntry("id", "uuid").containsEntry("payload", "jsonb");

    service.sql(block(readme, section, "sql").trim());
    try {
      assertThat(service.sqlValue("SELECT pubviaroot FROM pg_publication WHERE pubname = ?", config.getString("publication.name")))
          .as("a partitioned outbox is published through its root").isEqualTo(true);
      assertThat(service.sqlValue("SELECT count(*) FROM pg_publication_tables WHERE pubname = ? AND tablename = 'events'",
          config.getString("publication.name"))).isEqualTo(1L);
    } finally {
      service.sql("DROP PUBLICATION " + config.getString("publication.name"));
    }
  }
}
