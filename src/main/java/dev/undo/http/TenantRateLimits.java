package dev.undo.http;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.undo.config.TenantLimitsConfig;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;

/**
 * A token bucket per tenant (Bucket4j), so that one tenant's flood is refused with 429 before it
 * takes the connections and the database time of the others. The buckets are per replica: with N
 * replicas behind a balancer a tenant gets about N times the rate. The headers are those of the
 * IETF draft "RateLimit header fields for HTTP" (draft-ietf-httpapi-ratelimit-headers-09): a policy
 * named {@code tenant} of {@code q} requests per {@code w} seconds, with {@code r} left and the
 * bucket full again in {@code t} seconds.
 */
final class TenantRateLimits {
  private final int rate;
  private final int burst;
  private final String policy;
  /** Idle tenants' buckets go: a full bucket is what a new one is anyway. Bounded, as tenant names are the callers'. */
  private final Cache<String, Bucket> buckets;

  TenantRateLimits(TenantLimitsConfig config) {
    this.rate = config.requestsPerSecond();
    this.burst = config.burst();
    this.policy = "\"tenant\";q=" + burst + ";w=" + secondsToRefill(burst);
    this.buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofSeconds(Math.max(60, secondsToRefill(burst)))).build();
  }

  /** Takes a request from the tenant's bucket and says so in the headers; false when the bucket is empty. */
  boolean admit(String tenant, HttpServerResponse response) {
    ConsumptionProbe probe = buckets.get(tenant, t -> Bucket.builder()
        .addLimit(limit -> limit.capacity(burst).refillGreedy(rate, Duration.ofSeconds(1))).build())
        .tryConsumeAndReturnRemaining(1);
    long remaining = probe.getRemainingTokens();
    response.putHeader("ratelimit-policy", policy);
    response.putHeader("ratelimit", "\"tenant\";r=" + remaining + ";t=" + secondsToRefill(burst - remaining));
    if (!probe.isConsumed()) {
      response.putHeader("retry-after", String.valueOf(Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L)));
    }
    return probe.isConsumed();
  }

  private long secondsToRefill(long tokens) {
    return (tokens + rate - 1) / rate;
  }
}
