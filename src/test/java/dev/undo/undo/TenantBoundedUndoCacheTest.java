package dev.undo.undo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The undo cache's contract holds through the per-tenant bound, and the bound keeps one tenant's flood to itself. */
class TenantBoundedUndoCacheTest extends UndoCacheContract {
  private static final int BOUND = 3;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @Override
  protected UndoCache newCache(MutableClock clock) {
    return new TenantBoundedUndoCache(new CaffeineUndoCache(1_000, clock), BOUND, clock, registry);
  }

  @Test
  void aTenantPastItsBoundKeepsNoMoreTicketsAndOthersKeepTheirs() throws Exception {
    List<UndoTicket> flood = new ArrayList<>();
    for (int i = 0; i < BOUND + 2; i++) {
      UndoTicket ticket = ticket("flood", Duration.ofSeconds(30));
      flood.add(ticket);
      await(cache.put(ticket));
    }
    UndoTicket quiet = ticket("quiet", Duration.ofSeconds(30));
    await(cache.put(quiet));
    assertThat(await(cache.take("quiet", quiet.deletionId()))).isEqualTo(quiet);
    assertThat(await(cache.take("flood", flood.get(BOUND).deletionId()))).isNull();
    assertThat(registry.get("undo.cache.refused").counter().count()).isEqualTo(2);

    // A ticket taken frees its place; so does a window that closes.
    assertThat(await(cache.take("flood", flood.get(0).deletionId()))).isEqualTo(flood.get(0));
    UndoTicket next = ticket("flood", Duration.ofSeconds(60));
    await(cache.put(next));
    assertThat(await(cache.take("flood", next.deletionId()))).isEqualTo(next);
    clock.advance(Duration.ofSeconds(31));
    for (int i = 0; i < BOUND; i++) {
      UndoTicket later = ticket("flood", Duration.ofSeconds(30));
      await(cache.put(later));
      assertThat(await(cache.take("flood", later.deletionId()))).as("ticket %d after the windows closed", i).isEqualTo(later);
      await(cache.put(ticket("flood", Duration.ofSeconds(30))));
    }
  }
}
