package dev.undo.undo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CaffeineUndoCacheTest extends UndoCacheContract {
  private static final int MAXIMUM = 100;

  @Override
  protected UndoCache newCache(MutableClock clock) {
    return new CaffeineUndoCache(MAXIMUM, clock);
  }

  @Test
  void theCacheStaysWithinItsBound() throws Exception {
    List<UndoTicket> tickets = new ArrayList<>();
    for (int i = 0; i < MAXIMUM * 5; i++) {
      UndoTicket ticket = ticket("default", Duration.ofMinutes(10));
      tickets.add(ticket);
      await(cache.put(ticket));
    }
    var caffeine = ((CaffeineUndoCache) cache).underlying();
    caffeine.cleanUp();
    assertThat(caffeine.estimatedSize()).isLessThanOrEqualTo(MAXIMUM);
    int found = 0;
    for (UndoTicket ticket : tickets) {
      if (await(cache.take("default", ticket.deletionId())) != null) {
        found++;
      }
    }
    assertThat(found).isBetween(1, MAXIMUM);
  }
}
