package dev.undo.config;

import java.util.List;
import java.util.Set;

/**
 * What keeps one tenant from starving the others ({@code tenants.*}). Zero turns a limit off.
 *
 * @param requestsPerSecond each tenant's token bucket refills at this rate, per replica
 * @param burst the bucket's size: how many requests a tenant may make at once after a quiet spell (0: twice the rate)
 * @param maxOpenTickets the most undo tickets of one tenant the undo cache keeps; a deletion beyond it
 *     is still undone in its window, through PostgreSQL, without evicting other tenants' tickets
 * @param metricLabels tenants whose deletions and restores get a {@code tenant} label of their own on
 *     the undo metrics (every other tenant counts as {@code other}), so that the series stay few
 */
public record TenantLimitsConfig(int requestsPerSecond, int burst, int maxOpenTickets, Set<String> metricLabels) {
  public TenantLimitsConfig {
    metricLabels = Set.copyOf(metricLabels);
  }

  public boolean rateLimited() {
    return requestsPerSecond > 0;
  }

  static TenantLimitsConfig from(ConfigSource source) {
    int rate = source.integer("UNDO_TENANT_RATE", "tenants.requestsPerSecond", 0, 0, 1_000_000);
    int burst = source.integer("UNDO_TENANT_BURST", "tenants.burst", 0, 0, 10_000_000);
    if (burst == 0) {
      burst = 2 * rate;
    }
    List<String> labels = source.list("UNDO_METRICS_TENANT_LABELS", "tenants.metricLabels", List.of());
    if (labels.size() > 50) {
      throw new ConfigException("UNDO_METRICS_TENANT_LABELS names " + labels.size()
          + " tenants; a label per tenant is for a few large ones (at most 50), the rest count as other");
    }
    return new TenantLimitsConfig(rate, burst,
        source.integer("UNDO_TENANT_MAX_OPEN_TICKETS", "tenants.maxOpenTickets", 0, 0, Integer.MAX_VALUE), Set.copyOf(labels));
  }
}
