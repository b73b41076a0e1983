package dev.undo.undo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class UndoTokensTest {
  private static byte[] key() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private final UndoTokens tokens = new UndoTokens(key());

  @Test
  void aTokenNamesItsDeletionForItsTenant() {
    UUID deletion = UUID.randomUUID();
    String token = tokens.issue("default", deletion);
    assertThat(token).hasSize(43).matches("[A-Za-z0-9_-]+");
    assertThat(tokens.open("default", token)).isEqualTo(deletion);
    assertThat(tokens.issue("default", deletion)).as("tokens can be made again").isEqualTo(token);
  }

  @Test
  void anotherTenantsTokenOpensNothing() {
    String token = tokens.issue("tenant-a", UUID.randomUUID());
    assertThat(tokens.open("tenant-b", token)).isNull();
  }

  @Test
  void aTokenOfAnotherKeyOpensNothing() {
    String token = new UndoTokens(key()).issue("default", UUID.randomUUID());
    assertThat(tokens.open("default", token)).isNull();
  }

  @Test
  void everyAlteredCharacterIsRefused() {
    String token = tokens.issue("default", UUID.randomUUID());
    for (int i = 0; i < token.length(); i++) {
      char replacement = token.charAt(i) == 'x' ? 'y' : 'x';
      String altered = token.substring(0, i) + replacement + token.substring(i + 1);
      assertThat(tokens.open("default", altered)).as("altered at %d", i).isNull();
    }
  }

  @Test
  void everySpellingOfTheLastCharacterButTheIssuedOneIsRefused() {
    // The last of 43 characters has two bits the decoder ignores: four spellings decode alike.
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    for (int round = 0; round < 50; round++) {
      String token = tokens.issue("default", UUID.randomUUID());
      for (char last : alphabet.toCharArray()) {
        String spelled = token.substring(0, 42) + last;
        if (!spelled.equals(token)) {
          assertThat(tokens.open("default", spelled)).as(spelled).isNull();
        }
      }
    }
  }

  @Test
  void malformedTokensAreRefused() {
    assertThat(tokens.open("default", null)).isNull();
    assertThat(tokens.open("default", "")).isNull();
    assertThat(tokens.open("default", "abc")).isNull();
    assertThat(tokens.open("default", "!".repeat(43))).isNull();
    assertThat(tokens.open("default", "A".repeat(44))).isNull();
  }

  @Test
  void tokensDiffer() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      assertThat(seen.add(tokens.issue("default", UUID.randomUUID()))).isTrue();
    }
  }

  @Test
  void aShortKeyIsRefused() {
    assertThatThrownBy(() -> new UndoTokens(new byte[16])).isInstanceOf(IllegalArgumentException.class);
  }
}
