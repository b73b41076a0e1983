package dev.undo.domain;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/**
 * RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, a 12-bit sequence, 62 random bits.
 * Within one millisecond the sequence counts up (RFC 9562 §6.2, method 1), so the ids one
 * instance makes are strictly increasing: keyset pagination by id then lists items in creation
 * order and an item created while a client pages shows up after the pages already read.
 * Java 17 has no generator of its own.
 */
public final class UuidV7 {
  private static final int SEQUENCE_BITS = 12;
  private static final int SEQUENCE_LIMIT = 1 << SEQUENCE_BITS;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();
  private long lastMillis = Long.MIN_VALUE;
  private int sequence;

  public UuidV7(Clock clock) {
    this.clock = clock;
  }

  public UUID next() {
    long millis;
    int seq;
    synchronized (this) {
      millis = clock.millis();
      if (millis > lastMillis) {
        lastMillis = millis;
        // Start low in the range so that many ids fit into one millisecond.
        sequence = random.nextInt(SEQUENCE_LIMIT / 2);
      } else if (++sequence == SEQUENCE_LIMIT) {
        // Borrow the next millisecond rather than go backwards.
        lastMillis++;
        sequence = 0;
      }
      millis = lastMillis;
      seq = sequence;
    }
    long msb = (millis << 16) | (0x7L << 12) | seq;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
