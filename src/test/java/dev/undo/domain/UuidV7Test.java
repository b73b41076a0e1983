package dev.undo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UuidV7Test {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00.123Z"));
  private final UuidV7 ids = new UuidV7(clock);

  @Test
  void carriesVersionVariantAndMilliseconds() {
    UUID id = ids.next();
    assertThat(id.version()).isEqualTo(7);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(clock.millis());
  }

  @Test
  void idsIncreaseStrictlyEvenWithinOneMillisecond() {
    List<String> made = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      made.add(ids.next().toString());
      if (i % 1000 == 0) {
        clock.advance(Duration.ofMillis(1));
      }
    }
    List<String> sorted = new ArrayList<>(made);
    sorted.sort(String::compareTo);
    assertThat(made).isEqualTo(sorted).doesNotHaveDuplicates();
  }

  @Test
  void aClockThatStepsBackDoesNotMakeIdsGoBack() {
    UUID before = ids.next();
    clock.advance(Duration.ofSeconds(-5));
    UUID after = ids.next();
    assertThat(after.toString()).isGreaterThan(before.toString());
  }
}
