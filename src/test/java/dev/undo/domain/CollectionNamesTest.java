package dev.undo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CollectionNamesTest {
  /** The rule as API.md writes it; the hand-written check must agree with it. */
  private static final Pattern RULE = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
  private static final String ALPHABET = "az09_-AZ/. é\u0000";

  @Test
  void edges() {
    assertThat(CollectionNames.isValid("todos")).isTrue();
    assertThat(CollectionNames.isValid("a")).isTrue();
    assertThat(CollectionNames.isValid("a" + "b".repeat(62))).isTrue();
    assertThat(CollectionNames.isValid("a" + "b".repeat(63))).isFalse();
    assertThat(CollectionNames.isValid("")).isFalse();
    assertThat(CollectionNames.isValid(null)).isFalse();
    assertThat(CollectionNames.isValid("9lives")).isFalse();
    assertThat(CollectionNames.isValid("_x")).isFalse();
    assertThat(CollectionNames.isValid("Todos")).isFalse();
    assertThat(CollectionNames.isValid("to-do_s2")).isTrue();
    assertThat(CollectionNames.isValid("to/dos")).isFalse();
  }

  @Test
  void agreesWithTheRuleOnRandomNames() {
    long seed = System.nanoTime();
    System.out.println("CollectionNamesTest seed " + seed);
    Random random = new Random(seed);
    for (int i = 0; i < 200_000; i++) {
      StringBuilder name = new StringBuilder();
      int length = random.nextInt(70);
      for (int c = 0; c < length; c++) {
        name.append(random.nextInt(4) == 0
            ? ALPHABET.charAt(random.nextInt(ALPHABET.length()))
            : (char) ('a' + random.nextInt(26)));
      }
      String candidate = name.toString();
      assertThat(CollectionNames.isValid(candidate)).as("seed %d, name \"%s\"", seed, candidate)
          .isEqualTo(RULE.matcher(candidate).matches());
    }
  }
}
