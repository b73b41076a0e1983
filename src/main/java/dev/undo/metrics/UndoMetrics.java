package dev.undo.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.time.Duration;
import java.util.Set;

/**
 * What users do with Undo, as meters. Labels stay low-cardinality: collection names (operators
 * declare them) and fixed outcomes, never ids or paths.
 *
 * <ul>
 *   <li>{@code undo_deletions_total{collection}}
 *   <li>{@code undo_restores_total{collection,outcome}}: restored, repeat, expired, conflict, not_found
 *   <li>both with a {@code tenant} label too when UNDO_METRICS_TENANT_LABELS names some tenants
 *   <li>{@code undo_restore_delay_seconds}: how long after the delete users undo (histogram)
 *   <li>{@code undo_cache_fallbacks_total}: undos inside the window whose ticket the cache did not have
 *   <li>{@code undo_cache_errors_total{cache}}: cache operations that failed
 *   <li>{@code undo_cache_puts_total{cache}}: tickets the cache took
 * </ul>
 *
 * A collection's counters exist at zero from when the service knows the collection, so that a rate
 * over them has a series before the first deletion (Prometheus's advice on missing series).
 */
public final class UndoMetrics {
  private final MeterRegistry registry;
  private final Set<String> labelledTenants;
  private final DistributionSummary restoreDelay;
  private final Counter fallbacks;

  public UndoMetrics(MeterRegistry registry) {
    this(registry, Set.of());
  }

  /** @param labelledTenants the tenants with a {@code tenant} label of their own; none: no tenant label at all */
  public UndoMetrics(MeterRegistry registry, Set<String> labelledTenants) {
    this.registry = registry;
    this.labelledTenants = Set.copyOf(labelledTenants);
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

  /** The outcomes of an undo request, the {@code outcome} label of {@code undo_restores_total}. */
  public enum RestoreOutcome {
    RESTORED("restored"), REPEAT("repeat"), EXPIRED("expired"), CONFLICT("conflict"), NOT_FOUND("not_found");

    private final String label;

    RestoreOutcome(String label) {
      this.label = label;
    }
  }

  /** Registers a collection's counters at zero. */
  public void watchCollection(String tenant, String collection) {
    deletions(tenant, collection);
    for (RestoreOutcome outcome : RestoreOutcome.values()) {
      restores(tenant, collection, outcome);
    }
  }

  public void deleted(String tenant, String collection) {
    deletions(tenant, collection).increment();
  }

  public void restore(String tenant, String collection, RestoreOutcome outcome) {
    restores(tenant, collection == null ? "unknown" : collection, outcome).increment();
  }

  private Counter deletions(String tenant, String collection) {
    return Counter.builder("undo.deletions").description("Deletions").tags(labels(tenant, collection)).register(registry);
  }

  private Counter restores(String tenant, String collection, RestoreOutcome outcome) {
    return Counter.builder("undo.restores").description("Undo requests by outcome")
        .tags(labels(tenant, collection)).tag("outcome", outcome.label)
        .register(registry);
  }

  /** The collection; and the tenant when some are labelled, every other one as {@code other}. */
  private Tags labels(String tenant, String collection) {
    Tags labels = Tags.of("collection", collection);
    return labelledTenants.isEmpty() ? labels : labels.and("tenant", labelledTenants.contains(tenant) ? tenant : "other");
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

  public void cachePut(String cache) {
    cachePuts(cache).increment();
  }

  /** Registers the counters of a cache at zero, so that alerts see them before the first error. */
  public void watchCache(String cache) {
    cacheErrors(cache);
    cachePuts(cache);
  }

  private Counter cachePuts(String cache) {
    return Counter.builder("undo.cache.puts").description("Undo tickets the cache took").tag("cache", cache)
        .register(registry);
  }

  private Counter cacheErrors(String cache) {
    return Counter.builder("undo.cache.errors").description("Undo cache operations that failed").tag("cache", cache)
        .register(registry);
  }
}
