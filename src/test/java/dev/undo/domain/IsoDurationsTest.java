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

  @Test
  void readsWeeksAsSevenDays() {
    assertThat(IsoDurations.parse("retention", "P2W")).isEqualTo(Duration.ofDays(14));
    assertThat(IsoDurations.parse("retention", "p1w")).isEqualTo(Duration.ofDays(7));
    assertThat(IsoDurations.parse("retention", "P1W3D")).isEqualTo(Duration.ofDays(10));
    assertThat(IsoDurations.format(IsoDurations.parse("retention", "P2W"))).isEqualTo("P14D");
  }

  @Test
  void refusesYearsAndMonthsSayingWhy() {
    for (String text : new String[] {"P1Y", "P1M", "P1Y2M", "-P1M", "P1MT5S"}) {
      assertThatThrownBy(() -> IsoDurations.parse("retention", text))
          .as(text)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("years and months have none")
          .hasMessageContaining("'" + text + "'");
    }
    // M after T is minutes, a fixed length
    assertThat(IsoDurations.parse("undoWindow", "PT1M")).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void refusesWhatIsNoDurationNamingTheForms() {
    for (String text : new String[] {"30s", "P", "PT", "P2WT1H", "two weeks", ""}) {
      assertThatThrownBy(() -> IsoDurations.parse("undoWindow", text))
          .as(text)
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("such as PT30S, P90D or P2W");
    }
  }
}
