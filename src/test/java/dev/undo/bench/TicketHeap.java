package dev.undo.bench;

import dev.undo.domain.Deletion;
import dev.undo.domain.ItemRef;
import dev.undo.support.MutableClock;
import dev.undo.undo.CaffeineUndoCache;
import dev.undo.undo.UndoTicket;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Heap per open undo ticket in the Caffeine cache, for a deletion of one item: the ticket, its
 * deletion, its key, its ids and Caffeine's entry.
 */
final class TicketHeap {
  private TicketHeap() {}

  static long bytesPerTicket(int tickets) throws InterruptedException {
    MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
    Instant expires = clock.instant().plus(Duration.ofHours(1));
    long before = usedAfterGc();
    CaffeineUndoCache cache = new CaffeineUndoCache(tickets * 2L, clock);
    for (int i = 0; i < tickets; i++) {
      cache.put(new UndoTicket("default", new Deletion(UUID.randomUUID(), "notes", List.of(new ItemRef("notes", UUID.randomUUID())), expires, null)));
    }
    cache.underlying().cleanUp();
    long after = usedAfterGc();
    if (cache.underlying().estimatedSize() != tickets) {
      throw new IllegalStateException("the cache holds " + cache.underlying().estimatedSize() + " tickets");
    }
    return (after - before) / tickets;
  }

  private static long usedAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
