package dev.undo.config;

import java.time.Duration;

/**
 * The shared undo cache ({@code redis.*}, {@code UNDO_REDIS_*}).
 *
 * @param url redis://, redis-sentinel:// or redis-cluster://; null for Caffeine inside this process
 * @param timeout per command, after which PostgreSQL answers alone
 */
public record RedisConfig(String url, int poolSize, int maxWaiting, Duration timeout) {
  static RedisConfig from(ConfigSource source) {
    return new RedisConfig(
        source.string("UNDO_REDIS_URL", "redis.url", null),
        source.integer("UNDO_REDIS_POOL_SIZE", "redis.poolSize", 8),
        source.integer("UNDO_REDIS_MAX_WAITING", "redis.maxWaiting", 256),
        source.duration("UNDO_REDIS_TIMEOUT", "redis.timeout", Duration.ofMillis(500)));
  }

  public boolean configured() {
    return url != null;
  }
}
