package dev.undo.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CanonicalUuidTest {
  /** What the service accepted before: whatever UUID.fromString reads and writes back alike, ignoring case. */
  private static UUID byRoundTrip(String text) {
    try {
      UUID id = UUID.fromString(text);
      return text.length() == 36 && id.toString().equalsIgnoreCase(text) ? id : null;
    } catch (IllegalArgumentException malformed) {
      return null;
    }
  }

  @Test
  void readsTheCanonicalFormInEitherCase() {
    UUID id = UUID.randomUUID();
    assertThat(CanonicalUuid.parse(id.toString())).isEqualTo(id);
    assertThat(CanonicalUuid.parse(id.toString().toUpperCase())).isEqualTo(id);
  }

  @Test
  void refusesWhatIsNotTheCanonicalForm() {
    assertThat(CanonicalUuid.parse(null)).isNull();
    assertThat(CanonicalUuid.parse("")).isNull();
    assertThat(CanonicalUuid.parse("not-an-id")).isNull();
    // UUID.fromString reads short groups; the canonical form has none.
    assertThat(CanonicalUuid.parse("1-2-3-4-5")).isNull();
    assertThat(CanonicalUuid.parse("0123456-89ab-cdef-0123-456789abcdef0")).isNull();
    assertThat(CanonicalUuid.parse("0123456789abcdef0123456789abcdef0123")).isNull();
    assertThat(CanonicalUuid.parse("01234567-89ab-cdef-0123-456789abcdeg")).isNull();
    // Digits of other scripts are digits to Character.digit and Long.parseLong, not to a UUID.
    assertThat(CanonicalUuid.parse("01234567-89ab-cdef-0123-456789abcde\u0663")).isNull();
    assertThat(CanonicalUuid.parse("01234567-89ab-cdef-0123-456789abcde\uff41")).isNull();
  }

  /**
   * Random near-UUIDs (hex of both cases, hyphens, a few other characters, lengths around 36)
   * against the parse-and-compare rule it replaces: both accept the same texts as the same ids.
   */
  @Test
  void agreesWithTheRoundTripRuleOnRandomTexts() {
    long seed = System.nanoTime();
    System.out.println("CanonicalUuidTest seed " + seed);
    Random random = new Random(seed);
    String alphabet = "0123456789abcdefABCDEF-xG \u0663";
    int accepted = 0;
    for (int i = 0; i < 200_000; i++) {
      char[] text = UUID.randomUUID().toString().toCharArray();
      int changes = random.nextInt(3);
      for (int c = 0; c < changes; c++) {
        text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String candidate = new String(text);
      if (random.nextInt(10) == 0) {
        candidate = random.nextBoolean() ? candidate.substring(1) : candidate + alphabet.charAt(random.nextInt(alphabet.length()));
      }
      UUID expected = byRoundTrip(candidate);
      assertThat(CanonicalUuid.parse(candidate)).as("seed %d, text \"%s\"", seed, candidate).isEqualTo(expected);
      accepted += expected == null ? 0 : 1;
    }
    // Both outcomes are exercised, so that agreement is not agreement on refusing everything.
    assertThat(accepted).isBetween(20_000, 180_000);
  }
}
