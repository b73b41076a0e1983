package dev.undo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration read the way the service reads it: the shipped conf/config.yaml, then the environment. */
class ConfigLoaderTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void theShippedFileDeclaresTheEmbeddedDefaults() throws Exception {
    ServiceConfig config = load(Map.of());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.management().port()).isEqualTo(9090);
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.redis().url()).isNull();
    assertThat(config.retention().purgeInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.collections()).extracting(c -> c.settings().name()).containsExactly("notes", "comments");
    assertThat(config.collections().get(1).settings().references()).singleElement()
        .satisfies(reference -> assertThat(reference.collection()).isEqualTo("notes"));
  }

  @Test
  void aFileThatUndoConfigNamesMustExist() {
    assertThatThrownBy(() -> load(Map.of("UNDO_CONFIG", "conf/no-such.yaml")))
        .hasRootCauseInstanceOf(ConfigException.class)
        .rootCause().hasMessage("UNDO_CONFIG names conf/no-such.yaml, which is not a file");
  }

  @Test
  void theEnvironmentWinsAndAMisspelledVariableIsRefused() throws Exception {
    assertThat(load(Map.of("UNDO_HTTP_PORT", "8181", "PATH", "/bin")).http().port()).isEqualTo(8181);
    assertThatThrownBy(() -> load(Map.of("UNDO_HTTP_PROT", "8181")))
        .hasRootCauseInstanceOf(ConfigException.class)
        .rootCause().hasMessageContaining("UNDO_HTTP_PROT (did you mean UNDO_HTTP_PORT?)");
  }

  @Test
  void theVariablesKubernetesGivesForServicesNamedUndoAreNoSettings() throws Exception {
    Map<String, String> links = Map.of(
        "UNDO_SERVICE_HOST", "10.0.0.1", "UNDO_SERVICE_PORT_HTTP", "8080",
        "UNDO_PORT", "tcp://10.0.0.1:8080", "UNDO_PORT_8080_TCP", "tcp://10.0.0.1:8080",
        "UNDO_PORT_8080_TCP_PROTO", "tcp", "UNDO_PORT_8080_TCP_PORT", "8080", "UNDO_PORT_8080_TCP_ADDR", "10.0.0.1",
        "UNDO_METRICS_SERVICE_HOST", "10.0.0.2", "UNDO_SERVICE_SERVICE_HOST", "10.0.0.3",
        "UNDO_SERVICE_PORT_8080_TCP_ADDR", "10.0.0.3");
    assertThat(load(links).http().port()).isEqualTo(8080);
  }

  @Test
  void aFileThatDoesNotParseStopsTheStart(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.yaml");
    Files.writeString(file, "http:\n  port: [8080\n");
    assertThatThrownBy(() -> load(Map.of("UNDO_CONFIG", file.toString())))
        .hasRootCauseInstanceOf(ConfigException.class)
        .rootCause().hasMessageStartingWith("cannot read " + file);
  }

  private ServiceConfig load(Map<String, String> environment) throws Exception {
    return ConfigLoader.load(vertx, environment).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
