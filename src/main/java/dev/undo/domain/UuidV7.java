package dev.undo.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then 74 random bits. Time-ordered, so
 * keyset pagination by id lists items in creation order. Java 17 has no generator of its own.
 */
public final class UuidV7 {
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public UuidV7(Clock clock) {
    this.clock = clock;
  }

  public UUID next() {
    long millis = clock.millis();
    long randA = random.nextInt(1 << 12);
    long msb = (millis << 16) | (0x7L << 12) | randA;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
