package dev.undo.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * What users do with Undo, as meters. Labels stay low-cardinality: collection names (operators
 * declare them) and fixed outcomes, never ids or paths.
 *
 * <ul>
 *   <li>{@code undo_deletions_total{collection}}
 *   <li>{@code undo_restores_total{collection,outcome}}: restored, repeat, expired, conflict, not_found
 *   <li>{@code undo_restore_delay_seconds}: how long after the delete users undo (histogram)
 *   <li>{@code undo_cache_fallbacks_total}: undos inside the window whose ticket the cache did not have
 *   <li>{@code undo_cache_errors_total{cache}}: cache operations that failed
 * </ul>
 */
public final class UndoMetrics {
  private final MeterRegistry registry;
  private final DistributionSummary restoreDelay;
  private final Counter fallbacks;

  public UndoMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.restoreDelay = DistributionSummary.builder("undo.restore.delay")
        .description("Time from a delete to its undo")
        .baseUnit("seconds")
        .serviceLevelObjectives(1, 2, 5, 10, 20, 30, 60, 300, 3600)
        .register(registry);
    this.fallbacks = Counter.builder("undo.cache.fallbacks")
        .description("Undos inside the window whose ticket the cache did not have; PostgreSQL answered alone")
        .register(registry);
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void deleted(String collection) {
    Counter.builder("undo.deletions").description("Deletions").tag("collection", collection).register(registry).increment();
  }

  public void restore(String collection, String outcome) {
    Counter.builder("undo.restores").description("Undo requests by outcome")
        .tag("collection", collection == null ? "unknown" : collection).tag("outcome", outcome)
        .register(registry).increment();
  }

  public void restoredAfter(Duration delay) {
    restoreDelay.record(delay.toMillis() / 1000.0);
  }

  public void cacheFallback() {
    fallbacks.increment();
  }

  public void cacheError(String cache) {
    cacheErrors(cache).increment();
  }

  /** Registers the error counter of a cache at zero, so that alerts see it before the first error. */
  public void watchCache(String cache) {
    cacheErrors(cache);
  }

  private Counter cacheErrors(String cache) {
    return Counter.builder("undo.cache.errors").description("Undo cache operations that failed").tag("cache", cache)
        .register(registry);
  }
}
