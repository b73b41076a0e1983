package dev.undo.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HistoryPartitionTest {
  @Test
  void aOneDayPartitionExpiresWhenItsDayHasEnded() {
    HistoryPartition partition = new HistoryPartition("item_history_20270222", LocalDate.parse("2027-02-22"), LocalDate.parse("2027-02-23"));
    assertThat(partition.expiredAt(Instant.parse("2027-02-22T23:59:59.999Z"))).isFalse();
    assertThat(partition.expiredAt(Instant.parse("2027-02-23T00:00:00Z"))).isTrue();
  }

  @Test
  void aWeekPartitionExpiresWhenItsLastDayHasEnded() {
    HistoryPartition partition =
        new HistoryPartition("item_history_20270222_20270301", LocalDate.parse("2027-02-22"), LocalDate.parse("2027-03-01"));
    assertThat(partition.expiredAt(Instant.parse("2027-02-28T23:59:59.999Z"))).isFalse();
    assertThat(partition.expiredAt(Instant.parse("2027-03-01T00:00:00Z"))).isTrue();
  }

  @Test
  void itsNameIsQuotedAsAnIdentifier() {
    assertThat(new HistoryPartition("item_history_20270222", null, null).quoted()).isEqualTo("\"item_history_20270222\"");
    assertThat(new HistoryPartition("a\"b", null, null).quoted()).isEqualTo("\"a\"\"b\"");
  }
}
