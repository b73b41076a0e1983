package dev.undo.undo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.MutableClock;
import dev.undo.support.TestRedis;
import io.vertx.core.Vertx;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisUndoCacheTest extends UndoCacheContract {
  private static Vertx vertx;

  @BeforeAll
  static void startVertx() {
    vertx = Vertx.vertx();
  }

  @AfterAll
  static void stopVertx() throws Exception {
    await(vertx.close());
  }

  @Override
  protected UndoCache newCache(MutableClock clock) {
    return new RedisUndoCache(vertx, RedisEndpoints.options(TestRedis.shared().url(), 4, 64), Duration.ofSeconds(2), clock);
  }

  @Test
  void theTicketIsStoredWithAnExpiryOfItsWindow() throws Exception {
    UndoTicket ticket = ticket("default", Duration.ofSeconds(30));
    await(cache.put(ticket));
    var raw = io.vertx.redis.client.Redis.createClient(vertx, TestRedis.shared().url());
    try {
      var ttl = await(io.vertx.redis.client.RedisAPI.api(raw).pttl("undo:ticket:default:" + ticket.deletionId()));
      assertThat(ttl.toLong()).isBetween(25_000L, 30_000L);
    } finally {
      raw.close();
    }
  }

  @Test
  void aTicketOfTheFormerFormatIsNoTicketSoTheUndoAsksPostgresql() throws Exception {
    java.util.UUID deletion = java.util.UUID.randomUUID();
    String former = "{\"t\":\"default\",\"id\":\"" + deletion + "\",\"c\":\"notes\",\"x\":"
        + clock.instant().plusSeconds(30).toEpochMilli() + ",\"pf\":1,\"pt\":2,\"items\":[{\"i\":\""
        + java.util.UUID.randomUUID() + "\",\"v\":2,\"d\":{}}]}";
    var raw = io.vertx.redis.client.Redis.createClient(vertx, TestRedis.shared().url());
    try {
      await(io.vertx.redis.client.RedisAPI.api(raw).set(java.util.List.of("undo:ticket:default:" + deletion, former, "PX", "30000")));
    } finally {
      raw.close();
    }
    assertThat(await(cache.take("default", deletion))).isNull();
  }

  @Test
  void theUrlPicksTheTopology() {
    assertThat(RedisEndpoints.options("redis://:secret@cache:6379/2", 8, 32).getType()).isEqualTo(RedisClientType.STANDALONE);
    RedisOptions sentinel = RedisEndpoints.options("redis-sentinel://:pw@s1:26379,s2:26379/mymaster", 8, 32);
    assertThat(sentinel.getType()).isEqualTo(RedisClientType.SENTINEL);
    assertThat(sentinel.getMasterName()).isEqualTo("mymaster");
    assertThat(sentinel.getEndpoints()).containsExactly("redis://:pw@s1:26379", "redis://:pw@s2:26379");
    RedisOptions cluster = RedisEndpoints.options("redis-cluster://c1:6379,c2:6379", 8, 32);
    assertThat(cluster.getType()).isEqualTo(RedisClientType.CLUSTER);
    assertThat(cluster.getEndpoints()).hasSize(2);
    assertThat(cluster.getMaxPoolSize()).isEqualTo(8);
    assertThat(cluster.getMaxPoolWaiting()).isEqualTo(32);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisEndpoints.options("memcached://x", 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RedisEndpoints.options("redis-sentinel://s1:26379", 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
