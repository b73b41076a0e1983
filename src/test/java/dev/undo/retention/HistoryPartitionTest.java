package dev.undo.retention;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class HistoryPartitionTest {
  @Test
  void aOneDayNameSpansItsDay() {
    HistoryPartition partition = HistoryPartition.named("item_history_20270222");
    assertThat(partition.first()).isEqualTo(LocalDate.parse("2027-02-22"));
    assertThat(partition.end()).isEqualTo(LocalDate.parse("2027-02-23"));
    assertThat(partition.expiredAt(Instant.parse("2027-02-22T23:59:59.999Z"))).isFalse();
    assertThat(partition.expiredAt(Instant.parse("2027-02-23T00:00:00Z"))).isTrue();
  }

  @Test
  void aNameWithTwoDatesSpansFromTheFirstUpToTheSecond() {
    HistoryPartition partition = HistoryPartition.named("item_history_20270222_20270301");
    assertThat(partition.first()).isEqualTo(LocalDate.parse("2027-02-22"));
    assertThat(partition.end()).isEqualTo(LocalDate.parse("2027-03-01"));
    assertThat(partition.expiredAt(Instant.parse("2027-02-28T23:59:59.999Z"))).isFalse();
    assertThat(partition.expiredAt(Instant.parse("2027-03-01T00:00:00Z"))).isTrue();
  }

  @Test
  void otherNamesAreNotOurs() {
    assertThat(HistoryPartition.named("item_history")).isNull();
    assertThat(HistoryPartition.named("item_history_2027022")).isNull();
    assertThat(HistoryPartition.named("item_history_20270222_")).isNull();
    assertThat(HistoryPartition.named("item_history_20270222_20270301x")).isNull();
    assertThat(HistoryPartition.named("other_20270222")).isNull();
  }
}
