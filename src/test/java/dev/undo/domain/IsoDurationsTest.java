package dev.undo.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class IsoDurationsTest {
  @Test
  void wholeDaysAreWrittenInDays() {
    assertThat(IsoDurations.format(Duration.ofDays(90))).isEqualTo("P90D");
    assertThat(IsoDurations.format(Duration.ofSeconds(30))).isEqualTo("PT30S");
    assertThat(IsoDurations.format(Duration.ofHours(24))).isEqualTo("P1D");
    assertThat(IsoDurations.format(Duration.ofMinutes(90))).isEqualTo("PT1H30M");
  }

  @Test
  void parsesWhatItWritesAndRefusesTheRest() {
    for (Duration duration : new Duration[] {Duration.ofDays(90), Duration.ofSeconds(30), Duration.ofMillis(1500)}) {
      assertThat(IsoDurations.parse("x", IsoDurations.format(duration))).isEqualTo(duration);
    }
    assertThatThrownBy(() -> IsoDurations.parse("undoWindow", "30s"))
        .isInstanceOf(InvalidRequestException.class).hasMessageContaining("undoWindow");
  }
}
