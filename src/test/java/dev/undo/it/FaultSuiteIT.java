package dev.undo.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.ExternalPostgres;
import dev.undo.support.Http;
import dev.undo.support.ServiceProcess;
import dev.undo.support.TestRedis;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.core.Vertx;
import java.io.UncheckedIOException;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault table, under a steady load of creates, deletes and undos: Redis down, flushed and
 * restarted empty; PostgreSQL stopped, frozen (SIGSTOP), restarted and killed (SIGKILL); the service
 * killed (SIGKILL) and started again on the same database. Each fault in a seeded order, held for a
 * seeded 2 to 3 seconds. Every answer the clients get is checked against what its request may
 * answer, every write acknowledged (2xx) is checked at the end against what is stored, and every
 * undo link acknowledged is used. Prints a table and writes {@code target/fault-suite.json}.
 * {@code -Dundo.faults.seed=N} replays an order.
 */
class FaultSuiteIT {
  private static final Duration DEADLINE = Duration.ofSeconds(2);
  /** The client's patience: the service's deadline and a margin for a loaded machine. */
  private static final Duration CLIENT_TIMEOUT = DEADLINE.plusSeconds(3);
  private static final int CLIENTS = 6;
  private static final Pattern UNDO_LINK = Pattern.compile("<([^>]+)>; rel=\"undo\"");

  @TempDir
  Path dir;

  private ExternalPostgres postgres;
  private TestRedis redis;
  private final AtomicReference<ServiceProcess> service = new AtomicReference<>();
  private Map<String, String> settings;
  /** One client for the whole run: the service keeps its ports across a restart. */
  private Http client;
  private final Map<String, Tracked> ledger = new ConcurrentHashMap<>();
  private volatile Phase phase;

  /** What the clients know of an item: the state their last acknowledged write left, unless a later write's outcome is unknown. */
  private static final class Tracked {
    volatile boolean deleted;
    volatile boolean uncertain;
    volatile String undoLink;
  }

  /** What happened while one fault was on. */
  private static final class Phase {
    final String fault;
    final long began = System.nanoTime();
    final LongAdder requests = new LongAdder();
    final LongAdder succeeded = new LongAdder();
    final LongAdder unavailable = new LongAdder();
    final LongAdder refusedWhileDown = new LongAdder();
    final List<String> wrong = Collections.synchronizedList(new ArrayList<>());
    final List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
    volatile long recoveryMillis = -1;
    /** How long the heal itself took (for the service, its start until ready), within the recovery. */
    volatile long healMillis = -1;
    /** How a request sent just after the fault began fared: that the fault took effect. */
    volatile String probe = "";

    Phase(String fault) {
      this.fault = fault;
    }
  }

  private record Fault(String name, boolean serviceDown, Runnable inject, Runnable heal) {}

  @Test
  void nothingAcknowledgedIsLostNoAnswerIsWrongAndEveryRequestIsAnswered() throws Exception {
    long seed = Long.getLong("undo.faults.seed", System.nanoTime());
    System.out.println("FaultSuiteIT seed " + seed + " (replay with -Dundo.faults.seed=" + seed + ")");
    Random random = new Random(seed);
    postgres = ExternalPostgres.start(dir.resolve("pg"));
    redis = TestRedis.started();
    settings = Map.of(
        "UNDO_DATABASE_URL", postgres.url(),
        "UNDO_REDIS_URL", redis.url(),
        "UNDO_HTTP_REQUEST_TIMEOUT", "PT" + DEADLINE.toSeconds() + "S",
        "UNDO_DB_STATEMENT_TIMEOUT", "PT1S",
        "UNDO_REDIS_TIMEOUT", "PT0.3S",
        "UNDO_HTTP_PORT", String.valueOf(freePort()),
        "UNDO_MANAGEMENT_PORT", String.valueOf(freePort()));
    Vertx vertx = Vertx.vertx();
    try {
      service.set(ServiceProcess.start(settings).awaitReady(Duration.ofSeconds(60)));
      client = new Http(service.get().port(), CLIENT_TIMEOUT);
      Http setup = http();
      assertThat(setup.putJson("/v1/collections/faults", new JsonObject().put("undoWindow", "PT1H")).status()).isEqualTo(201);

      List<Fault> faults = new ArrayList<>(List.of(
          new Fault("redis down", false, redis::stop, redis::start),
          new Fault("redis flushed", false, () -> flushRedis(vertx), () -> { }),
          new Fault("redis restarted empty", false, () -> { redis.stop(); redis.start(); }, () -> { }),
          new Fault("postgres stopped", false, postgres::stop, postgres::start),
          new Fault("postgres frozen (SIGSTOP)", false, postgres::freeze, postgres::thaw),
          new Fault("postgres restarted", false, () -> { postgres.stop(); postgres.start(); }, () -> { }),
          new Fault("postgres killed (SIGKILL)", false, postgres::kill, postgres::start),
          new Fault("service killed (SIGKILL)", true, () -> service.get().killJvm(), this::restartService)));
      Collections.shuffle(faults, random);

      AtomicBoolean running = new AtomicBoolean(true);
      phase = new Phase("before any fault");
      List<Phase> phases = new ArrayList<>(List.of(phase));
      ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
      List<Future<?>> load = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        long clientSeed = random.nextLong();
        load.add(clients.submit(() -> runClient(new Random(clientSeed), running)));
      }
      Thread.sleep(1500);
      for (Fault fault : faults) {
        Phase current = new Phase(fault.name());
        phases.add(current);
        phase = current;
        fault.inject().run();
        long held = 2000 + random.nextInt(1000);
        long injected = System.nanoTime();
        current.probe = probe();
        Thread.sleep(Math.max(0, held - (System.nanoTime() - injected) / 1_000_000));
        long healed = System.nanoTime();
        fault.heal().run();
        current.healMillis = (System.nanoTime() - healed) / 1_000_000;
        current.recoveryMillis = awaitRecovery(healed);
        Thread.sleep(1000);
      }
      running.set(false);
      for (Future<?> client : load) {
        client.get(60, TimeUnit.SECONDS);
      }
      clients.shutdown();

      List<String> lost = verifyLedger();
      report(seed, phases, lost);
      for (Phase each : phases) {
        assertThat(each.wrong).as("wrong answers during " + each.fault).isEmpty();
        assertThat(each.unanswered).as("requests without an answer within " + CLIENT_TIMEOUT + " during " + each.fault).isEmpty();
        assertThat(each.recoveryMillis).as("recovered after " + each.fault + " (the heal took " + each.healMillis + " ms)")
            .isLessThan(30_000);
      }
      assertThat(lost).as("acknowledged writes lost").isEmpty();
    } finally {
      if (service.get() != null) {
        service.get().close();
      }
      postgres.close();
      redis.close();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private Http http() {
    return client;
  }

  private void restartService() {
    service.set(ServiceProcess.start(settings).awaitReady(Duration.ofSeconds(60)));
  }

  private void flushRedis(Vertx vertx) {
    Redis client = Redis.createClient(vertx, redis.url());
    try {
      RedisAPI.api(client).flushall(List.of()).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      client.close();
    }
  }

  private String probe() {
    long started = System.nanoTime();
    String answer;
    try {
      answer = String.valueOf(http().get("/v1/collections/faults/items/" + java.util.UUID.randomUUID()).status());
    } catch (UncheckedIOException e) {
      answer = e.getCause().getClass().getSimpleName();
    }
    return answer + " in " + (System.nanoTime() - started) / 1_000_000 + " ms";
  }

  /** Milliseconds from the heal until a create is acknowledged again. */
  private long awaitRecovery(long healedNanos) throws InterruptedException {
    while (System.nanoTime() - healedNanos < TimeUnit.SECONDS.toNanos(30)) {
      try {
        Http.Response probe = http().postJson("/v1/collections/faults/items", new JsonObject().put("probe", true));
        if (probe.status() == 201) {
          ledger.put(probe.json().getString("id"), new Tracked());
          return (System.nanoTime() - healedNanos) / 1_000_000;
        }
      } catch (UncheckedIOException notYet) {
        // the service is still starting
      }
      Thread.sleep(50);
    }
    return Long.MAX_VALUE;
  }

  /** Creates, deletes and undoes at random, each step checked against what it may answer. */
  private void runClient(Random random, AtomicBoolean running) {
    List<String> mine = new ArrayList<>();
    while (running.get()) {
      Phase now = phase;
      double dice = random.nextDouble();
      if (mine.isEmpty() || dice < 0.4) {
        step(now, "create", Map.of(201, "ok", 503, "unavailable"), () -> http().postJson("/v1/collections/faults/items",
            new JsonObject().put("n", random.nextInt())), null, response -> {
              String id = response.json().getString("id");
              ledger.put(id, new Tracked());
              mine.add(id);
            });
        continue;
      }
      String id = mine.get(random.nextInt(mine.size()));
      Tracked item = ledger.get(id);
      if (item.uncertain) {
        mine.remove(id);
      } else if (!item.deleted) {
        step(now, "delete", Map.of(204, "ok", 503, "unavailable"), () -> http().delete("/v1/collections/faults/items/" + id), item,
            response -> {
              Matcher link = UNDO_LINK.matcher(String.valueOf(response.header("Link")));
              if (!link.find()) {
                now.wrong.add("delete without an undo link: " + response);
                return;
              }
              item.undoLink = link.group(1);
              item.deleted = true;
            });
      } else {
        step(now, "undo", Map.of(201, "ok", 503, "unavailable"), () -> http().post(item.undoLink), item, response -> item.deleted = false);
      }
    }
  }

  private interface Call {
    Http.Response send();
  }

  private interface Acknowledged {
    void record(Http.Response response);
  }

  /**
   * One request: an acknowledged answer is recorded; a 503 or a broken connection leaves the item's
   * outcome unknown; anything else, or no answer in time, is counted against the service.
   */
  private void step(Phase now, String what, Map<Integer, String> allowed, Call call, Tracked item, Acknowledged ok) {
    now.requests.increment();
    long sent = (System.nanoTime() - now.began) / 1_000_000;
    what = what + " (sent " + sent + " ms into the phase)";
    Http.Response response;
    try {
      response = call.send();
    } catch (UncheckedIOException e) {
      if (item != null) {
        item.uncertain = true;
      }
      if (e.getCause() instanceof HttpTimeoutException) {
        now.unanswered.add(what + ": " + e.getMessage());
      } else if (phase.fault.startsWith("service killed") || now.fault.startsWith("service killed")) {
        // Refused or reset while the service is down, or in flight when it was killed (the request
        // may have started in the tail of the phase before). Wait a little, as a client would.
        now.refusedWhileDown.increment();
        sleep(20);
      } else {
        now.unanswered.add(what + ": " + e.getCause());
      }
      return;
    }
    String kind = allowed.get(response.status());
    if (kind == null) {
      now.wrong.add(what + " answered " + response);
      if (item != null) {
        item.uncertain = true;
      }
    } else if (kind.equals("unavailable")) {
      now.unavailable.increment();
      if (item != null) {
        item.uncertain = true;
      }
      if (response.header("Retry-After") == null) {
        now.wrong.add(what + " 503 without Retry-After");
      }
      // A client that honours Retry-After waits; without a pause each client would spend its items'
      // certainty on 503s within milliseconds of an outage.
      sleep(100);
    } else {
      now.succeeded.increment();
      ok.record(response);
    }
  }

  /** Every item whose last write was acknowledged is as that write left it, and every acknowledged undo link still undoes. */
  private List<String> verifyLedger() {
    Http http = http();
    List<String> lost = new ArrayList<>();
    ledger.forEach((id, item) -> {
      if (item.uncertain) {
        return;
      }
      Http.Response stored = http.get("/v1/collections/faults/items/" + id + "?showDeleted=true");
      String expected = item.deleted ? "deleted" : "active";
      if (stored.status() != 200 || !expected.equals(stored.json().getString("state"))) {
        lost.add(id + " should be " + expected + ": " + stored);
      } else if (item.deleted && http.post(item.undoLink).status() != 201) {
        lost.add(id + ": its acknowledged undo link no longer undoes");
      }
    });
    return lost;
  }

  private void report(long seed, List<Phase> phases, List<String> lost) throws Exception {
    StringBuilder table = new StringBuilder("\nFault suite (seed " + seed + ", " + CLIENTS + " clients, deadline " + DEADLINE + ")\n");
    table.append(String.format("%-28s %8s %8s %8s %8s %6s %10s %10s  %s%n",
        "fault", "requests", "2xx", "503", "down", "wrong", "unanswered", "recovery", "a GET of an unknown item as it began"));
    JsonArray rows = new JsonArray();
    for (Phase each : phases) {
      table.append(String.format("%-28s %8d %8d %8d %8d %6d %10d %10s  %s%n", each.fault, each.requests.sum(),
          each.succeeded.sum(), each.unavailable.sum(), each.refusedWhileDown.sum(), each.wrong.size(),
          each.unanswered.size(), each.recoveryMillis < 0 ? "" : each.recoveryMillis + " ms", each.probe));
      rows.add(new JsonObject().put("fault", each.fault).put("requests", each.requests.sum())
          .put("succeeded", each.succeeded.sum()).put("unavailable", each.unavailable.sum())
          .put("refusedWhileServiceDown", each.refusedWhileDown.sum()).put("wrong", new JsonArray(each.wrong))
          .put("unanswered", new JsonArray(each.unanswered)).put("recoveryMillis", each.recoveryMillis)
          .put("healMillis", each.healMillis)
          .put("probe", each.probe));
    }
    long checked = ledger.values().stream().filter(item -> !item.uncertain).count();
    table.append("acknowledged items checked: ").append(checked).append(", lost: ").append(lost.size()).append('\n');
    System.out.println(table);
    Files.writeString(Path.of("target", "fault-suite.json"), new JsonObject().put("seed", seed).put("phases", rows)
        .put("itemsChecked", checked).put("lost", new JsonArray(lost)).encodePrettily());
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int freePort() throws java.io.IOException {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
