package dev.undo.undo;

import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code UNDO_REDIS_URL}: the scheme picks the topology.
 *
 * <ul>
 *   <li>{@code redis://[:password@]host:6379[/db]} (or {@code rediss://}): one server;
 *   <li>{@code redis-sentinel://[:password@]host1:26379,host2:26379/mymaster}: the master that the
 *       Sentinels name, found again after a failover;
 *   <li>{@code redis-cluster://[:password@]host1:6379,host2:6379}: a Redis Cluster.
 * </ul>
 */
public final class RedisEndpoints {
  private RedisEndpoints() {}

  public static RedisOptions options(String url, int poolSize, int maxWaiting) {
    RedisOptions options = new RedisOptions()
        .setMaxPoolSize(poolSize)
        .setMaxPoolWaiting(maxWaiting)
        .setMaxWaitingHandlers(maxWaiting)
        .setPoolName("undo-redis");
    int scheme = url.indexOf("://");
    if (scheme < 0) {
      throw new IllegalArgumentException("UNDO_REDIS_URL must look like redis://host:6379, was " + url);
    }
    String kind = url.substring(0, scheme);
    switch (kind) {
      case "redis", "rediss":
        return options.setType(RedisClientType.STANDALONE).setConnectionString(url);
      case "redis-sentinel":
        return hosts(options.setType(RedisClientType.SENTINEL).setRole(RedisRole.MASTER), url, true);
      case "redis-cluster":
        return hosts(options.setType(RedisClientType.CLUSTER), url, false);
      default:
        throw new IllegalArgumentException("UNDO_REDIS_URL has an unknown scheme '" + kind
            + "': use redis://, rediss://, redis-sentinel:// or redis-cluster://");
    }
  }

  private static RedisOptions hosts(RedisOptions options, String url, boolean masterInPath) {
    String rest = url.substring(url.indexOf("://") + 3);
    String credentials = "";
    int at = rest.lastIndexOf('@');
    if (at >= 0) {
      credentials = rest.substring(0, at + 1);
      rest = rest.substring(at + 1);
    }
    int slash = rest.indexOf('/');
    String hostList = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash + 1);
    if (masterInPath) {
      if (path.isEmpty()) {
        throw new IllegalArgumentException("a redis-sentinel:// URL names the master after the hosts: .../mymaster");
      }
      options.setMasterName(path);
    }
    List<String> endpoints = new ArrayList<>();
    for (String host : hostList.split(",")) {
      String endpoint = "redis://" + credentials + host.trim();
      URI.create(endpoint); // a malformed host fails the start here, not at the first command
      endpoints.add(endpoint);
    }
    return options.setEndpoints(endpoints);
  }
}
