package dev.undo.undo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.domain.Deletion;
import dev.undo.domain.ItemRef;
import dev.undo.support.MutableClock;
import io.vertx.core.Future;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link UndoCache} must do. Each implementation's test extends this and says how to
 * make one over a clock the test moves.
 */
abstract class UndoCacheContract {
  protected final MutableClock clock = new MutableClock(Instant.parse("2026-11-22T10:00:00Z"));
  protected UndoCache cache;

  protected abstract UndoCache newCache(MutableClock clock);

  @BeforeEach
  void createCache() {
    cache = newCache(clock);
  }

  @AfterEach
  void closeCache() throws Exception {
    await(cache.close());
  }

  protected static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  protected UndoTicket ticket(String tenant, Duration window) {
    Instant expires = clock.instant().plus(window);
    // A cascade across two collections, so that a cache outside the JVM must keep each item's collection.
    return new UndoTicket(tenant, new Deletion(UUID.randomUUID(), "notes",
        List.of(new ItemRef("notes", UUID.randomUUID()), new ItemRef("comments", UUID.randomUUID())), expires, "someone"));
  }

  @Test
  void aTicketPutCanBeTakenOnce() throws Exception {
    UndoTicket ticket = ticket("default", Duration.ofSeconds(30));
    await(cache.put(ticket));
    assertThat(await(cache.take("default", ticket.deletionId()))).isEqualTo(ticket);
    assertThat(await(cache.take("default", ticket.deletionId()))).isNull();
  }

  @Test
  void anUnknownDeletionHasNoTicket() throws Exception {
    assertThat(await(cache.take("default", UUID.randomUUID()))).isNull();
  }

  @Test
  void ticketsBelongToTheirTenant() throws Exception {
    UndoTicket ticket = ticket("tenant-a", Duration.ofSeconds(30));
    await(cache.put(ticket));
    assertThat(await(cache.take("tenant-b", ticket.deletionId()))).isNull();
    assertThat(await(cache.take("tenant-a", ticket.deletionId()))).isEqualTo(ticket);
  }

  @Test
  void aTicketIsGoneWhenItsWindowCloses() throws Exception {
    UndoTicket shortLived = ticket("default", Duration.ofSeconds(5));
    UndoTicket longLived = ticket("default", Duration.ofSeconds(60));
    await(cache.put(shortLived));
    await(cache.put(longLived));
    clock.advance(Duration.ofSeconds(5).plusMillis(1));
    assertThat(await(cache.take("default", shortLived.deletionId()))).isNull();
    assertThat(await(cache.take("default", longLived.deletionId()))).isEqualTo(longLived);
  }

  @Test
  void aTicketIsStillThereJustBeforeItsWindowCloses() throws Exception {
    UndoTicket ticket = ticket("default", Duration.ofSeconds(5));
    await(cache.put(ticket));
    clock.advance(Duration.ofSeconds(5).minusMillis(10));
    assertThat(await(cache.take("default", ticket.deletionId()))).isEqualTo(ticket);
  }

  @Test
  void aSecondPutDoesNotReplaceTheFirst() throws Exception {
    UndoTicket first = ticket("default", Duration.ofSeconds(30));
    UndoTicket second = new UndoTicket(first.tenant(), new Deletion(first.deletionId(), "other",
        List.of(new ItemRef("other", UUID.randomUUID())), first.expiresAt().plusSeconds(60), null));
    await(cache.put(first));
    await(cache.put(second));
    assertThat(await(cache.take("default", first.deletionId()))).isEqualTo(first);
  }

  @Test
  void ofConcurrentTakesAtMostOneGetsTheTicket() throws Exception {
    for (int round = 0; round < 50; round++) {
      UndoTicket ticket = ticket("default", Duration.ofSeconds(30));
      await(cache.put(ticket));
      List<Thread> threads = new ArrayList<>();
      List<UndoTicket> taken = java.util.Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
      for (int i = 0; i < 4; i++) {
        Thread thread = new Thread(() -> {
          try {
            gate.await();
            UndoTicket got = await(cache.take("default", ticket.deletionId()));
            if (got != null) {
              taken.add(got);
            }
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
        thread.start();
        threads.add(thread);
      }
      gate.countDown();
      for (Thread thread : threads) {
        thread.join(10_000);
      }
      assertThat(taken).containsExactly(ticket);
    }
  }
}
