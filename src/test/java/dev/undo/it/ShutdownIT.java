package dev.undo.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import dev.undo.support.ServiceProcess;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/undo-service.jar} on its embedded default, under load, gets SIGTERM. As
 * in Kubernetes (the preStop sleep takes the pod out of the endpoints first), the fast clients stop
 * sending just before the signal; slow uploads are in the middle of their bodies when it comes, and
 * must still get their full answers; a second signal changes nothing. Its log is JSON (one flat object
 * a line), and it stops its PostgreSQL.
 */
class ShutdownIT {
  @TempDir
  Path dataDir;

  /** A POST whose body trickles in over {@code millis}, so that it is in flight for that long; answers the status line. */
  private static String slowPost(int port, String path, String json, long millis) throws Exception {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
      socket.setSoTimeout(30_000);
      var out = socket.getOutputStream();
      out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      for (byte b : body) {
        out.write(b);
        out.flush();
        Thread.sleep(millis / body.length);
      }
      return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
    }
  }

  @Test
  void sigtermUnderLoadDrainsAndLosesNoRequest() throws Exception {
    try (ServiceProcess service = ServiceProcess.embedded(dataDir, Map.of("UNDO_LOG_FORMAT", "json", "UNDO_SHUTDOWN_GRACE", "PT10S"))) {
      service.awaitReady(Duration.ofSeconds(90));
      int port = service.port();
      List<String> lines = service.lines();
      Http http = new Http(port);
      http.putJson("/v1/collections/drain", new JsonObject());
      AtomicBoolean sending = new AtomicBoolean(true);
      ExecutorService clients = Executors.newFixedThreadPool(8);
      List<Future<List<String>>> results = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        results.add(clients.submit(() -> {
          List<String> failures = new ArrayList<>();
          int done = 0;
          while (sending.get()) {
            try {
              Http.Response created = http.postJson("/v1/collections/drain/items", new JsonObject().put("n", done));
              if (created.status() != 201) {
                failures.add(created.toString());
                continue;
              }
              if (!sending.get()) {
                break;
              }
              Http.Response deleted = http.delete("/v1/collections/drain/items/" + created.json().getString("id"));
              if (deleted.status() != 204) {
                failures.add(deleted.toString());
              }
              done++;
            } catch (RuntimeException e) {
              failures.add(e.toString());
            }
          }
          return failures;
        }));
      }
      Thread.sleep(2000);
      List<Future<String>> slow = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        slow.add(clients.submit(() -> slowPost(port, "/v1/collections/drain/items", "{\"slow\": true}", 2500)));
      }
      Thread.sleep(500);
      sending.set(false);
      List<String> failures = new ArrayList<>();
      for (Future<List<String>> result : results) {
        failures.addAll(result.get(30, TimeUnit.SECONDS));
      }
      service.terminate();
      // A second signal, as from Ctrl+C pressed twice (a moment later: two pending signals are one),
      // while the slow uploads still hold the drain open: it goes on once.
      Thread.sleep(200);
      service.terminate();
      List<String> slowAnswers = new ArrayList<>();
      for (Future<String> answer : slow) {
        slowAnswers.add(answer.get(30, TimeUnit.SECONDS));
      }
      clients.shutdown();
      assertThat(slowAnswers).as("uploads in flight at SIGTERM").allSatisfy(status -> assertThat(status).startsWith("HTTP/1.1 201"));
      assertThat(service.awaitExit(Duration.ofSeconds(30))).isNotNull();

      assertThat(failures).as("requests sent before SIGTERM").isEmpty();
      // Every line one flat JSON object: an ISO-8601 instant, typed fields of the access log.
      assertThat(lines).isNotEmpty().allSatisfy(line -> {
        JsonObject json = new JsonObject(line);
        assertThat(json.getString("level")).isNotNull();
        assertThat(java.time.Instant.parse(json.getString("@timestamp"))).isNotNull();
      });
      assertThat(lines.stream().map(JsonObject::new).filter(line -> "access".equals(line.getString("logger_name"))))
          .anySatisfy(line -> {
            assertThat(line.getString("route")).isEqualTo("/v1/collections/:collection/items");
            assertThat(line.getValue("status")).isEqualTo(201);
            assertThat(line.getValue("durationMs")).isInstanceOf(Number.class);
          });
      assertThat(lines).as(String.join("\n", lines.subList(Math.max(0, lines.size() - 12), lines.size())))
          .anySatisfy(line -> assertThat(line).contains("\"message\":\"Stopped\""))
          .anySatisfy(line -> assertThat(line).contains("\"message\":\"Already stopping\""));
      assertThat(Files.exists(dataDir.resolve("postmaster.pid"))).as("the embedded PostgreSQL stopped").isFalse();
    }
  }
}
