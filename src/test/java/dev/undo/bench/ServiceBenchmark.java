package dev.undo.bench;

import dev.undo.store.Database;
import dev.undo.store.EmbeddedDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * How close the service gets to PostgreSQL's own limit. The built jar runs in a JVM of its own on a
 * PostgreSQL this benchmark starts; a closed-loop load from the Vert.x HTTP client (event-driven, so
 * a few threads drive the whole concurrency and the generator stays cheap next to the service) runs
 * each scenario, then the same SQL statements (the service's own sql/*.sql files) run through a
 * reactive pool of the same size at the same concurrency: the raw-SQL limit. Also: SQL round trips
 * per request (the service's own pool meter), start-up time to ready. {@code mvn -Pbench verify}.
 */
public final class ServiceBenchmark {
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
  private static final int POOL_SIZE = 8;
  private static final long WARMUP_MS = Long.getLong("bench.warmup.ms", 5_000);
  private static final long MEASURE_MS = Long.getLong("bench.measure.ms", 15_000);
  private static final int SEEDED_ITEMS = 10_000;
  /** For profiling: a comma-separated subset of the scenarios, and JVM options for the service's JVM. */
  private static final List<String> SCENARIOS = List.of(System.getProperty("bench.scenarios", "create,get,delete+undo,list 50").split(","));
  private static final String SERVICE_JVM_OPTIONS = System.getProperty("bench.service.jvm", "");

  private ServiceBenchmark() {}

  interface Operation {
    Future<Void> run();
  }

  /** @param total every operation completed, warm-up included, to divide the round trips by */
  record Measured(double perSecond, double p50Ms, double p99Ms, long count, long total) {}

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("bench.jar", "target/undo-service.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first: mvn -Pbench verify packages it before this runs");
    }
    Path dataDir = Files.createTempDirectory("undo-bench-service");
    JsonObject result = new JsonObject().put("benchmark", "service").put("date", Instant.now().toString())
        .put("machine", Machine.describe()).put("concurrency", CONCURRENCY).put("poolSize", POOL_SIZE)
        .put("measureSeconds", MEASURE_MS / 1000.0);
    result.put("startupMillis", startupTimes());
    try (EmbeddedDatabase postgres = EmbeddedDatabase.start(dataDir)) {
      run(jar, postgres.url(), result);
    }
    result.put("heapBytesPerOpenTicket", TicketHeap.bytesPerTicket(1_000_000));
    BenchOutput.write("service", result);
    print(result);
  }

  private static void run(Path jar, String databaseUrl, JsonObject result) throws Exception {
    int port = freePort();
    int management = freePort();
    Process service = startService(jar, Map.of(
        "UNDO_DATABASE_URL", databaseUrl, "UNDO_HTTP_PORT", String.valueOf(port),
        "UNDO_MANAGEMENT_PORT", String.valueOf(management), "UNDO_DB_POOL_SIZE", String.valueOf(POOL_SIZE),
        "UNDO_DATA_DIR", Files.createTempDirectory("unused").toString()));
    Vertx vertx = Vertx.vertx();
    try {
      awaitReady(management, 120_000);
      HttpClient http = vertx.createHttpClient(new HttpClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
          .setKeepAlive(true).setPipelining(false), new PoolOptions().setHttp1MaxSize(CONCURRENCY));
      Pool raw = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(POOL_SIZE).setEventLoopSize(2))
          .connectingTo(Database.connectOptions(databaseUrl)).using(vertx).build();
      await(request(http, HttpMethod.PUT, "/v1/collections/bench", new JsonObject().put("undoWindow", "PT1H").toBuffer()));
      List<String> ids = seed(http);

      JsonArray scenarios = new JsonArray();
      scenario(scenarios, "create", management,
          () -> request(http, HttpMethod.POST, "/v1/collections/bench/items", new JsonObject().put("title", "bench").toBuffer()).mapEmpty(),
          () -> raw.preparedQuery(Sql.CREATE).execute(Tuple.of("default", "bench", UUID.randomUUID(),
              new JsonObject().put("title", "bench"), now(), null)).mapEmpty(), 1);
      scenario(scenarios, "get", management,
          () -> request(http, HttpMethod.GET, "/v1/collections/bench/items/" + any(ids), null).mapEmpty(),
          () -> raw.preparedQuery(Sql.GET).execute(Tuple.of("default", "bench", UUID.fromString(any(ids)), now())).mapEmpty(), 1);
      scenario(scenarios, "delete+undo", management,
          () -> deleteAndUndo(http, any(ids)),
          () -> rawDeleteAndUndo(raw, UUID.fromString(any(ids))), 2);
      scenario(scenarios, "list 50", management,
          () -> request(http, HttpMethod.GET, "/v1/collections/bench/items?limit=50", null).mapEmpty(),
          () -> raw.preparedQuery(Sql.LIST).execute(Tuple.of("default", "bench", new UUID(0, 0), 51)).mapEmpty(), 1);
      result.put("scenarios", scenarios);
      await(raw.close());
      await(http.close());
    } finally {
      service.destroy();
      service.waitFor(30, TimeUnit.SECONDS);
      await(vertx.close());
    }
  }

  /** Runs the scenario through the service, then the same SQL raw; reports both and their ratio. */
  private static void scenario(JsonArray scenarios, String name, int management, Supplier<Future<Void>> viaService,
      Supplier<Future<Void>> viaSql, int requestsPerOperation) throws Exception {
    if (SCENARIOS.contains(name)) {
      scenarios.add(scenario(name, management, viaService, viaSql, requestsPerOperation));
    }
  }

  private static JsonObject scenario(String name, int management, Supplier<Future<Void>> viaService,
      Supplier<Future<Void>> viaSql, int requestsPerOperation) throws Exception {
    double statementsBefore = poolStatements(management);
    Measured service = measure(viaService::get);
    double statements = poolStatements(management) - statementsBefore;
    Measured sql = measure(viaSql::get);
    double roundTrips = statements / ((double) service.total() * requestsPerOperation);
    System.out.printf("%-12s service %,9.0f/s  raw SQL %,9.0f/s  ratio %.2f%n", name, service.perSecond(), sql.perSecond(),
        service.perSecond() / sql.perSecond());
    return new JsonObject().put("scenario", name)
        .put("requestsPerSecond", round(service.perSecond() * requestsPerOperation))
        .put("operationsPerSecond", round(service.perSecond()))
        .put("p50Ms", round(service.p50Ms())).put("p99Ms", round(service.p99Ms()))
        .put("rawSqlOperationsPerSecond", round(sql.perSecond()))
        .put("rawP50Ms", round(sql.p50Ms())).put("rawP99Ms", round(sql.p99Ms()))
        .put("ratioServiceToRaw", round(service.perSecond() / sql.perSecond()))
        .put("sqlRoundTripsPerRequest", round(roundTrips));
  }

  /** A closed loop at CONCURRENCY: warm up, then count and time operations for MEASURE_MS. */
  private static Measured measure(Operation operation) throws Exception {
    Recorder recorder = new Recorder(3);
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong failures = new AtomicLong();
    AtomicLong total = new AtomicLong();
    for (int i = 0; i < CONCURRENCY; i++) {
      loop(operation, recorder, running, failures, total);
    }
    Thread.sleep(WARMUP_MS);
    recorder.getIntervalHistogram();
    long started = System.nanoTime();
    Thread.sleep(MEASURE_MS);
    Histogram histogram = recorder.getIntervalHistogram();
    double seconds = (System.nanoTime() - started) / 1e9;
    running.set(false);
    Thread.sleep(500);
    if (failures.get() > 0) {
      throw new IllegalStateException(failures.get() + " operations failed");
    }
    return new Measured(histogram.getTotalCount() / seconds, histogram.getValueAtPercentile(50) / 1000.0,
        histogram.getValueAtPercentile(99) / 1000.0, histogram.getTotalCount(), total.get());
  }

  private static void loop(Operation operation, Recorder recorder, AtomicBoolean running, AtomicLong failures, AtomicLong total) {
    if (!running.get()) {
      return;
    }
    long started = System.nanoTime();
    operation.run().onComplete(done -> {
      if (done.succeeded()) {
        recorder.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
        total.incrementAndGet();
      } else {
        failures.incrementAndGet();
        System.err.println(done.cause());
      }
      loop(operation, recorder, running, failures, total);
    });
  }

  private static Future<Void> deleteAndUndo(HttpClient http, String id) {
    return http.request(new RequestOptions().setMethod(HttpMethod.DELETE).setURI("/v1/collections/bench/items/" + id))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.getHeader("Link")))
        .compose(link -> link == null
            ? Future.succeededFuture()
            : request(http, HttpMethod.POST, link.substring(1, link.indexOf('>')), null).mapEmpty());
  }

  /** The statements the service runs for DELETE and for an undo whose ticket tells where the tombstone is. */
  private static Future<Void> rawDeleteAndUndo(Pool raw, UUID id) {
    OffsetDateTime deletedAt = now();
    UUID deletionId = UUID.randomUUID();
    return raw.preparedQuery(Sql.DELETE)
        .execute(Tuple.from(new Object[] {"default", "bench", id, deletedAt, null, deletionId, null}))
        .compose(rows -> {
          OffsetDateTime purgeAt = rows.iterator().next().getOffsetDateTime("purge_at");
          if (purgeAt == null) {
            return Future.succeededFuture();
          }
          return raw.preparedQuery(Sql.RESTORE).execute(Tuple.from(new Object[] {
              "default", deletionId, now(), purgeAt, purgeAt, null, null, null})).mapEmpty();
        });
  }

  /** Sends a request and reads its body; the generator does not parse bodies it does not need. */
  private static Future<Buffer> request(HttpClient http, HttpMethod method, String uri, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setURI(uri);
    if (body != null) {
      options.putHeader("Content-Type", "application/json");
    }
    return http.request(options)
        .compose(request -> body == null ? request.send() : request.send(body))
        .compose(response -> response.body().map(text -> {
          // Workers may pick the same item at once, so 409 and 410 are answers too; only a fault fails.
          if (response.statusCode() >= 500) {
            throw new IllegalStateException(method + " " + uri + " answered " + response.statusCode() + " " + text);
          }
          return text;
        }));
  }

  private static List<String> seed(HttpClient http) throws Exception {
    List<Future<Buffer>> created = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (int batch = 0; batch < SEEDED_ITEMS / 100; batch++) {
      created.clear();
      for (int i = 0; i < 100; i++) {
        created.add(request(http, HttpMethod.POST, "/v1/collections/bench/items",
            new JsonObject().put("title", "seeded " + i).put("n", i).toBuffer()));
      }
      for (Future<Buffer> item : created) {
        ids.add(await(item).toJsonObject().getString("id"));
      }
    }
    return ids;
  }

  private static String any(List<String> ids) {
    return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  /** SQL statements the service's pool has completed, from its own meter. */
  private static double poolStatements(int management) throws Exception {
    String scrape = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher completed = Pattern.compile("^vertx_pool_completed_total\\{pool_name=\"undo-pg\",pool_type=\"sql\"} (\\S+)$",
        Pattern.MULTILINE).matcher(scrape);
    if (!completed.find()) {
      throw new IllegalStateException("no undo-pg pool meter in the scrape");
    }
    return Double.parseDouble(completed.group(1));
  }

  /** Time from `java -jar` to /health/ready on the embedded default: a first start (initdb) and a second. */
  private static JsonObject startupTimes() throws Exception {
    Path data = Files.createTempDirectory("undo-bench-startup");
    JsonObject times = new JsonObject();
    for (String run : new String[] {"firstStart", "restart"}) {
      int management = freePort();
      long started = System.nanoTime();
      Process process = startService(Path.of(System.getProperty("bench.jar", "target/undo-service.jar")), Map.of(
          "UNDO_DATA_DIR", data.toString(), "UNDO_HTTP_PORT", String.valueOf(freePort()),
          "UNDO_MANAGEMENT_PORT", String.valueOf(management)));
      try {
        awaitReady(management, 120_000);
        times.put(run, (System.nanoTime() - started) / 1_000_000);
      } finally {
        process.toHandle().destroy();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
    return times;
  }

  private static Process startService(Path jar, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    if (!SERVICE_JVM_OPTIONS.isBlank()) {
      command.addAll(List.of(SERVICE_JVM_OPTIONS.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitReady(int management, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    var client = java.net.http.HttpClient.newHttpClient();
    while (System.currentTimeMillis() < deadline) {
      try {
        var response = client.send(java.net.http.HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + management + "/health/ready")).build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the service did not get ready");
  }

  private static void print(JsonObject result) {
    System.out.printf("%nUndo Service against raw SQL, %s, concurrency %d, pool %d, %.0f s a scenario (%s)%n",
        result.getString("date").substring(0, 10), CONCURRENCY, POOL_SIZE, MEASURE_MS / 1000.0, result.getString("machine"));
    System.out.printf("%-12s %12s %9s %9s %14s %8s %12s%n", "scenario", "requests/s", "p50 ms", "p99 ms", "raw SQL ops/s", "ratio", "round trips");
    for (Object entry : result.getJsonArray("scenarios")) {
      JsonObject s = (JsonObject) entry;
      System.out.printf("%-12s %,12.0f %9.2f %9.2f %,14.0f %8.2f %12.2f%n", s.getString("scenario"), s.getDouble("requestsPerSecond"),
          s.getDouble("p50Ms"), s.getDouble("p99Ms"), s.getDouble("rawSqlOperationsPerSecond"), s.getDouble("ratioServiceToRaw"),
          s.getDouble("sqlRoundTripsPerRequest"));
    }
    System.out.printf("heap per open undo ticket (1,000,000 tickets, snapshot excluded): %d bytes%n", result.getLong("heapBytesPerOpenTicket"));
    System.out.printf("start-up to ready on the embedded default: first start %d ms, restart %d ms%n%n",
        result.getJsonObject("startupMillis").getLong("firstStart"), result.getJsonObject("startupMillis").getLong("restart"));
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, TimeUnit.MINUTES);
  }

  /** The service's own statements, read from the same resources it loads them from. */
  static final class Sql {
    static final String CREATE = load("item-create");
    static final String GET = load("item-get");
    static final String LIST = load("item-list-active");
    static final String DELETE = load("item-delete");
    static final String RESTORE = load("item-restore");

    private static String load(String name) {
      try (InputStream in = ServiceBenchmark.class.getResourceAsStream("/sql/" + name + ".sql")) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
