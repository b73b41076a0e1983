package dev.undo.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.ExternalPostgres;
import dev.undo.support.Http;
import dev.undo.support.ServiceProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar on its embedded default, killed as machines and containers die: what it
 * acknowledged is still there afterwards, and it comes back by itself.
 */
class CrashRecoveryIT {
  private static final Duration READY = Duration.ofSeconds(90);
  private static final Pattern UNDO_LINK = Pattern.compile("<([^>]+)>; rel=\"undo\"");

  @TempDir
  Path dataDir;

  @Test
  void deletesAcknowledgedJustBeforeTheWholeServiceIsKilledAreKept() throws Exception {
    List<String> items = new ArrayList<>();
    List<String> undoLinks = new ArrayList<>();
    try (ServiceProcess service = ServiceProcess.embedded(dataDir, Map.of()).awaitReady(READY)) {
      Http http = service.http();
      assertThat(http.putJson("/v1/collections/kept", new JsonObject().put("undoWindow", "PT1H")).status()).isEqualTo(201);
      for (int i = 0; i < 60; i++) {
        items.add("/v1/collections/kept/items/" + http.postJson("/v1/collections/kept/items", new JsonObject().put("n", i)).json().getString("id"));
      }
      // Eight clients delete the items as fast as they are answered; the kill comes the moment the
      // last 204 is in, as a container kill would.
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<String>> deletes = new ArrayList<>();
      for (String item : items) {
        deletes.add(clients.submit(() -> {
          Http.Response deleted = http.delete(item);
          assertThat(deleted.status()).isEqualTo(204);
          Matcher link = UNDO_LINK.matcher(deleted.header("Link"));
          assertThat(link.find()).isTrue();
          return link.group(1);
        }));
      }
      for (Future<String> delete : deletes) {
        undoLinks.add(delete.get(30, TimeUnit.SECONDS));
      }
      service.killWhole(dataDir);
      clients.shutdown();
    }

    try (ServiceProcess restarted = ServiceProcess.embedded(dataDir, Map.of()).awaitReady(READY)) {
      Http http = restarted.http();
      List<String> lost = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        if (http.get(items.get(i)).status() != 410 || http.post(undoLinks.get(i)).status() != 201) {
          lost.add(items.get(i));
        }
      }
      assertThat(lost).as("acknowledged deletes lost to the kill").isEmpty();
    }
  }

  @Test
  void aRestartAfterTheJvmAloneWasKilledStopsTheOrphanedServerAndBecomesReady() throws Exception {
    String item;
    ProcessHandle orphan;
    try (ServiceProcess service = ServiceProcess.embedded(dataDir, Map.of()).awaitReady(READY)) {
      Http http = service.http();
      http.putJson("/v1/collections/notes", new JsonObject());
      item = "/v1/collections/notes/items/" + http.postJson("/v1/collections/notes/items", new JsonObject().put("t", 1)).json().getString("id");
      service.killJvm();
      orphan = ServiceProcess.postmaster(dataDir).orElseThrow();
      assertThat(orphan.isAlive()).as("pg_ctl detached the server, so it outlives the JVM").isTrue();
    }

    try (ServiceProcess restarted = ServiceProcess.embedded(dataDir, Map.of()).awaitReady(READY)) {
      assertThat(orphan.isAlive()).as("the orphan was stopped").isFalse();
      assertThat(restarted.http().get(item).status()).isEqualTo(200);
      assertThat(restarted.lines()).anySatisfy(line -> assertThat(line).contains("left running"));
    }
  }

  @Test
  void aServerTheServiceDidNotStartIsLeftAlone() throws Exception {
    try (EmbeddedPostgres foreign = EmbeddedPostgres.builder().setDataDirectory(dataDir)
        .setCleanDataDirectory(false).setPgBinaryResolver(ExternalPostgres::binaries).start()) {
      long foreignPid = ServiceProcess.postmaster(dataDir).orElseThrow().pid();
      try (ServiceProcess service = ServiceProcess.embedded(dataDir, Map.of())) {
        Integer exit = service.awaitExit(READY);
        assertThat(exit).as(service.output()).isNotNull().isNotZero();
        assertThat(service.output()).contains("a PostgreSQL server this service did not start (process " + foreignPid);
      }
      assertThat(ServiceProcess.postmaster(dataDir).map(ProcessHandle::pid)).contains(foreignPid);
      try (Connection connection = foreign.getPostgresDatabase().getConnection()) {
        assertThat(connection.isValid(5)).as("the foreign server still answers").isTrue();
      }
    }
  }
}
