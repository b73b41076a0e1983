package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DatabaseTest {
  @Test
  void everyVerticleGetsAnEqualShareRoundedUpAndNeverNone() {
    assertThat(Database.share(8, 2)).isEqualTo(4);
    assertThat(Database.share(9, 2)).isEqualTo(5);
    assertThat(Database.share(1, 4)).isEqualTo(1);
    assertThat(Database.share(0, 2)).isEqualTo(1);
  }
}
