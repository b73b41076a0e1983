package dev.undo.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shipped conf/config.yaml, read the way the service reads it. */
class ConfigLoaderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theShippedFileDeclaresTheEmbeddedDefaults() throws Exception {
    ServiceConfig config = ConfigLoader.load(vertx).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    assertThat(config.httpPort()).isEqualTo(8080);
    assertThat(config.managementPort()).isEqualTo(9090);
    assertThat(config.embeddedDatabase()).isTrue();
    assertThat(config.redisUrl()).isNull();
    assertThat(config.purgeInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.collections()).extracting(c -> c.name()).containsExactly("notes");
  }
}
