package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import dev.undo.undo.CaffeineUndoCache;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Metrics and health on the management port, request ids and the access log on the API port. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ObservabilityTest {
  @RegisterExtension
  static final RunningService service = RunningService.withCollections(new JsonObject().put("name", "declared"));

  private final Http http = service.http();

  private double metric(String series) {
    String scrape = service.management().get("/metrics").body();
    Matcher matcher = Pattern.compile("^" + Pattern.quote(series) + " ([0-9.E+-]+)$", Pattern.MULTILINE).matcher(scrape);
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0;
  }

  private String create(String collection, JsonObject data) {
    return "/v1/collections/" + collection + "/items/" + http.postJson("/v1/collections/" + collection + "/items", data).json().getString("id");
  }

  private static String href(Http.Response deleted) {
    String link = deleted.header("Link");
    return link.substring(1, link.indexOf('>'));
  }

  @Test
  @Order(0)
  void aDeclaredCollectionsCountersAndTheCachesExistAtZeroFromStartUp() {
    String scrape = service.management().get("/metrics").body();
    assertThat(scrape).contains("undo_deletions_total{collection=\"declared\"} 0.0\n");
    for (String outcome : new String[] {"restored", "repeat", "expired", "conflict", "not_found"}) {
      assertThat(scrape).contains("undo_restores_total{collection=\"declared\",outcome=\"" + outcome + "\"} 0.0\n");
    }
    assertThat(scrape).contains("undo_cache_puts_total{cache=\"caffeine\"} 0.0\n", "undo_cache_errors_total{cache=\"caffeine\"} 0.0\n");
  }

  @Test
  @Order(1)
  void aDeleteCountsTheTicketTheCacheTookAndNoLoadsPassForPuts() {
    http.putJson("/v1/collections/cached", new JsonObject());
    double before = metric("undo_cache_puts_total{cache=\"caffeine\"}");
    http.delete(create("cached", new JsonObject()));
    assertThat(metric("undo_cache_puts_total{cache=\"caffeine\"}")).isEqualTo(before + 1);
    assertThat(service.management().get("/metrics").body()).doesNotContain("cache_puts_total{cache=\"undo_tickets\"}");
  }

  @Test
  @Order(1)
  void theManagementPortsScrapesAndProbesStayOutOfTheRequestMeters() {
    for (int i = 0; i < 3; i++) {
      service.management().get("/metrics");
      service.management().get("/health/ready");
      service.management().get("/health/live");
    }
    http.get("/v1/collections");
    String scrape = service.management().get("/metrics").body();
    assertThat(scrape).contains("route=\"/v1/collections\"");
    assertThat(scrape).doesNotContain("route=\"/metrics\"", "route=\"/health/ready\"", "route=\"/health/live\"");
  }

  @Test
  @Order(1)
  void aRoutesResponseTimeHasFourteenBuckets() {
    http.get("/v1/collections");
    String scrape = service.management().get("/metrics").body();
    long buckets = scrape.lines()
        .filter(line -> line.startsWith("vertx_http_server_response_time_seconds_bucket{")
            && line.contains("code=\"200\"") && line.contains("method=\"GET\"") && line.contains("route=\"/v1/collections\""))
        .count();
    assertThat(buckets).isEqualTo(14);
    assertThat(scrape).contains("le=\"0.001\"", "le=\"10.0\"", "le=\"+Inf\"");
  }

  @Test
  @Order(1)
  void eachMeterMovesAfterTheOperationItCounts() {
    http.putJson("/v1/collections/metered", new JsonObject().put("uniqueFields", new JsonArray().add("k")).put("undoWindow", "PT5S"));
    String deletions = "undo_deletions_total{collection=\"metered\"}";
    String restored = "undo_restores_total{collection=\"metered\",outcome=\"restored\"}";

    String path = create("metered", new JsonObject().put("k", 1));
    double before = metric(deletions);
    Http.Response deleted = http.delete(path);
    assertThat(metric(deletions)).isEqualTo(before + 1);
    assertThat(metric("undo_open_tickets")).isGreaterThanOrEqualTo(1);

    service.clock().advance(Duration.ofSeconds(2));
    http.post(href(deleted));
    assertThat(metric(restored)).isEqualTo(1);
    assertThat(metric("undo_restore_delay_seconds_count")).isEqualTo(1);
    assertThat(metric("undo_restore_delay_seconds_sum")).isCloseTo(2.0, org.assertj.core.data.Offset.offset(0.01));
    assertThat(metric("cache_gets_total{cache=\"undo_tickets\",result=\"hit\"}")).isGreaterThanOrEqualTo(1);
    http.post(href(deleted));
    assertThat(metric("undo_restores_total{collection=\"metered\",outcome=\"repeat\"}")).isEqualTo(1);

    String other = create("metered", new JsonObject().put("k", 2));
    String conflicted = href(http.delete(other));
    create("metered", new JsonObject().put("k", 2));
    http.post(conflicted);
    assertThat(metric("undo_restores_total{collection=\"metered\",outcome=\"conflict\"}")).isEqualTo(1);
    service.clock().advance(Duration.ofSeconds(10));
    http.post(conflicted);
    assertThat(metric("undo_restores_total{collection=\"metered\",outcome=\"expired\"}")).isEqualTo(1);
    http.post("/v1/undo/" + "A".repeat(43));
    assertThat(metric("undo_restores_total{collection=\"unknown\",outcome=\"not_found\"}")).isEqualTo(1);

    String lost = create("metered", new JsonObject());
    Http.Response lostDelete = http.delete(lost);
    ((CaffeineUndoCache) service.application().undoCache()).underlying().invalidateAll();
    double fallbacks = metric("undo_cache_fallbacks_total");
    http.post(href(lostDelete));
    assertThat(metric("undo_cache_fallbacks_total")).isEqualTo(fallbacks + 1);
  }

  @Test
  @Order(2)
  void vertxMetersCarryRouteTemplatesNeverIdsAndThePoolHasItsName() {
    String path = create("metered", new JsonObject());
    http.get(path);
    String scrape = service.management().get("/metrics").body();
    assertThat(scrape).contains("vertx_http_server_requests_total{code=\"200\",method=\"GET\",route=\"/v1/collections/:collection/items/:id\"}");
    assertThat(scrape).doesNotContain(path.substring(path.lastIndexOf('/') + 1));
    assertThat(scrape).contains("vertx_pool_in_use{pool_name=\"undo-pg\",pool_type=\"sql\"}",
        "vertx_pool_in_use{pool_name=\"undo-pg-maintenance\",pool_type=\"sql\"}");
    assertThat(scrape).contains("undo_purge_runs_total{result=\"failed\"}", "undo_purge_last_success_timestamp_seconds", "jvm_memory_used_bytes");
  }

  @Test
  @Order(2)
  void runsOnNettysEpollTransportOnLinux() {
    Assumptions.assumeTrue(System.getProperty("os.name").equals("Linux"), "epoll is Linux only; elsewhere NIO");
    assertThat(service.vertx().isNativeTransportEnabled())
        .as("native transport, else: %s", service.vertx().unavailableNativeTransportCause()).isTrue();
  }

  @Test
  @Order(3)
  void metricsAndHealthAreOnTheManagementPortOnly() {
    assertThat(http.get("/metrics").status()).isEqualTo(404);
    // What the management port does not serve is problem+json too.
    Http.Response unknown = service.management().get("/nothing");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.contentType()).isEqualTo("application/problem+json");
    assertThat(unknown.json().getString("type")).isEqualTo("urn:undo:problem:not-found");
    Http.Response refused = service.management().request("DELETE", "/metrics").send();
    assertThat(refused.status()).isEqualTo(405);
    assertThat(refused.json().getString("type")).isEqualTo("urn:undo:problem:method-not-allowed");
    assertThat(http.get("/health/ready").status()).isEqualTo(404);
    Http.Response live = service.management().get("/health/live");
    assertThat(live.status()).isEqualTo(200);
    assertThat(live.json().getString("status")).isEqualTo("UP");
    Http.Response ready = service.management().get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getJsonArray("checks").stream().map(c -> ((JsonObject) c).getString("id")))
        .contains("database", "started", "accepting-traffic", "undo-cache");
  }

  @Test
  @Order(4)
  void everyRequestHasAnIdAndOneAccessLogLine() {
    ListAppender<ILoggingEvent> access = new ListAppender<>();
    Logger logger = (Logger) LoggerFactory.getLogger("access");
    logger.addAppender(access);
    access.start();
    try {
      Http.Response given = http.request("GET", "/v1/collections/metered").header("X-Request-Id", "req-42").send();
      assertThat(given.header("X-Request-Id")).isEqualTo("req-42");
      Http.Response made = http.get("/v1/collections/absent");
      assertThat(made.header("X-Request-Id")).matches("[0-9a-f-]{36}");
      Http.Response insane = http.request("GET", "/v1/collections").header("X-Request-Id", "bad id with spaces").send();
      assertThat(insane.header("X-Request-Id")).isNotEqualTo("bad id with spaces");

      long deadline = System.currentTimeMillis() + 2000;
      while (access.list.size() < 3 && System.currentTimeMillis() < deadline) {
        Thread.onSpinWait();
      }
      ILoggingEvent first = access.list.stream().filter(e -> e.getFormattedMessage().contains("req-42")).findFirst().orElseThrow();
      assertThat(first.getKeyValuePairs()).extracting(kv -> kv.key).containsExactly("method", "route", "status", "durationMs", "requestId");
      assertThat(first.getFormattedMessage()).matches("GET /v1/collections/:collection 200 \\d+\\.\\d{3} ms req-42");
      assertThat(first.getKeyValuePairs().get(3).value).isInstanceOf(Double.class);
      assertThat(access.list.stream().map(ILoggingEvent::getFormattedMessage))
          .anyMatch(line -> line.startsWith("GET /v1/collections/:collection 404 ") && line.endsWith(made.header("X-Request-Id")));
    } finally {
      logger.detachAppender(access);
    }
  }

  @Test
  @Order(5)
  void drainingTakesTheServiceOutOfReadinessButNotLiveness() {
    service.application().readiness().draining();
    assertThat(service.management().get("/health/ready").status()).isEqualTo(503);
    assertThat(service.management().get("/health/live").status()).isEqualTo(200);
  }
}
