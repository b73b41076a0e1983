package dev.undo.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RunningService;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The naming rule of item_history's partitions, which lives in PostgreSQL (R__history_partition_names.sql). */
class PartitionNamesTest {
  @RegisterExtension
  static RunningService service = new RunningService();

  private static List<Map<String, Object>> span(String name) {
    return service.sql("SELECT first_day::text AS first, end_day::text AS end FROM undo_history_partition_span(?)", name);
  }

  @Test
  void aOneDayNameSpansItsDayAndAWeekNameFromItsFirstDateUpToItsSecond() {
    assertThat(span("item_history_20270222")).containsExactly(Map.of("first", "2027-02-22", "end", "2027-02-23"));
    assertThat(span("item_history_20270222_20270301")).containsExactly(Map.of("first", "2027-02-22", "end", "2027-03-01"));
  }

  @Test
  void otherNamesAreNotOurs() {
    for (String name : new String[] {"item_history", "item_history_2027022", "item_history_20270222_",
        "item_history_20270222_20270301x", "other_20270222", "least_item_history_20270222"}) {
      assertThat(span(name)).as(name).isEmpty();
    }
  }

  @Test
  void theNameOfASpanReadsBackAsThatSpan() {
    assertThat(service.sqlValue("SELECT undo_history_partition_name('2027-02-22', '2027-02-23')")).isEqualTo("item_history_20270222");
    assertThat(service.sqlValue("SELECT undo_history_partition_name('2027-02-22', '2027-03-01')")).isEqualTo("item_history_20270222_20270301");
    assertThat(service.sqlValue("SELECT count(*) FROM undo_history_partitions() p"
        + " WHERE undo_history_partition_name(p.first_day, p.end_day) <> p.name")).isEqualTo(0L);
    assertThat(service.sqlValue("SELECT count(*) FROM undo_history_partitions()")).isNotEqualTo(0L);
  }
}
