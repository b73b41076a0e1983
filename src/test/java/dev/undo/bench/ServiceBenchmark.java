package dev.undo.bench;

import dev.undo.store.Database;
import dev.undo.store.EmbeddedDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VertxOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How close the service gets to PostgreSQL's own limit. The built jar runs in a JVM of its own on a
 * PostgreSQL this benchmark starts; a closed-loop load from a minimal HTTP/1.1 client on two Vert.x
 * event loops ({@link BenchHttpClient}: the generator shares the cores, so it must cost little) runs
 * each scenario, then the same SQL statements (the service's own sql/*.sql files) run through the
 * same reactive client at the same concurrency: the raw-SQL limit. The service has a pipelined client
 * of its share of the pool on each API verticle's event loop; the raw side has one of the same share
 * and pipelining limit on each of the generator's loops. In the get scenario's rounds, two HTTP
 * floors: a GET of the same route that the service answers 400 before any SQL, and the same answer
 * from Vert.x alone ({@link BareHttpServer}); each bounds the ratio get can reach. In the toast cycle's
 * rounds, the least SQL that gives its answers ({@code bench/least-sql-*.sql}: one UPDATE and one INSERT
 * a step, into a history with item_history's partitions). Also: SQL round trips
 * per request (the service's own pool meter), CPU an operation of each party ({@link CpuAccount}),
 * start-up time to ready. {@code mvn -Pbench verify}.
 */
public final class ServiceBenchmark {
  private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
  private static final int POOL_SIZE = 8;
  /**
   * The service's default pipelining limit, given to the raw side too; -Dbench.pipeliningLimit=1 has
   * every statement in flight on a connection of its own (BENCHMARKS.md, session 17).
   */
  private static final int PIPELINING_LIMIT = Integer.getInteger("bench.pipeliningLimit", 8);
  /**
   * The service's API verticles and the generator's event loops: the raw side has a client on each
   * generator loop as the service has one on each verticle's.
   */
  private static final int EVENT_LOOPS = 2;
  /**
   * The service's purge interval here, and the load waits for its first tick: the first tick loads
   * code that makes the JIT throw away and recompile the hot paths once (a round measured across it
   * lost about 10%); later ticks cost a few milliseconds.
   */
  private static final Duration PURGE_INTERVAL = Duration.ofSeconds(15);
  private static final long WARMUP_MS = Long.getLong("bench.warmup.ms", 5_000);
  /** Measured time per side and scenario, in ROUNDS alternating rounds (service, raw, service, ...). */
  private static final long MEASURE_MS = Long.getLong("bench.measure.ms", 15_000);
  private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
  private static final long SETTLE_MS = 1_000;
  private static final int SEEDED_ITEMS = 10_000;
  /** For profiling: a comma-separated subset of the scenarios, and JVM options for the service's JVM. */
  private static final List<String> SCENARIOS = List.of(System.getProperty("bench.scenarios",
      "create,get,delete+undo,list 50,batch 100+undo,outbox,auth").split(","));
  /** Items a batch of the batch scenario deletes and undoes. */
  static final int BATCH = 100;
  /** The service's own log, for when a run goes wrong. */
  private static final Path SERVICE_LOG = Path.of("target", "bench", "service.log");
  private static final String SERVICE_JVM_OPTIONS = System.getProperty("bench.service.jvm", "");
  /**
   * Days from today that item_history partitions cover before the load, as in a deployment that
   * has run for the default 90-day retention: its rows become purgeable on any day up to the
   * retention plus the 7 days made ahead. A fresh database covers only those last 8 days, and
   * every lookup of a tombstone by id covers every partition, so a fresh database flatters reads
   * and deletes. 0: as fresh.
   */
  private static final int HISTORY_DAYS = Integer.getInteger("bench.historyDays", 98);
  /**
   * The floor's item id: the GET route of an item, answered 400 before any SQL. Not a UUID, so
   * the service's work is what a GET costs it besides PostgreSQL: the HTTP exchange, routing, the
   * request id, CORS, the meters, the access line and a JSON body.
   */
  private static final String NOT_AN_ID = "not-an-id";
  /** The service's default bound, which the raw statements are given too. */
  private static final int MAX_DELETION_ITEMS = 10_000;
  private static final String[] BENCH = {"bench"};
  /** Items one cascade covers: a note and its comments. */
  private static final int CASCADE = 10_000;
  private static final int CASCADE_RUNS = 3;
  /** The service's partition width here (UNDO_PARTITION_DAYS, its default), for the partitions made before the load. */
  private static final int PARTITION_DAYS = 7;

  private static List<Context> generator;
  /** The service's process during the load scenarios, for its CPU time. */
  private static ProcessHandle serviceProcess;
  /** The generator's HTTP client on each of its contexts. */
  private static final Map<Context, BenchHttpClient> clients = new HashMap<>();
  /** The generator's HTTP client to Vert.x alone ({@link BareHttpServer}) on each of its contexts. */
  private static final Map<Context, BenchHttpClient> bareClients = new HashMap<>();
  /** The generator's HTTP client to the least SQL behind Vert.x alone ({@link LeastSqlHttpServer}). */
  private static final Map<Context, BenchHttpClient> leastClients = new HashMap<>();
  /** The raw side's PostgreSQL client on each of the generator's contexts. */
  private static final Map<Context, SqlClient> rawClients = new HashMap<>();

  private ServiceBenchmark() {}

  /**
   * A request that the service, or Vert.x alone, answers without SQL, measured in the same rounds as
   * a scenario: with the raw side's rate it bounds how close to raw SQL the scenario can get.
   */
  private record HttpFloor(String name, Supplier<Future<Void>> request, ProcessHandle server) {}

  /**
   * Less SQL than the service's that gives the same answers, measured in the same rounds as a
   * scenario: how far the service's statements are from what PostgreSQL needs at least. Run from
   * this JVM's raw clients, or behind a server of its own (whose CPU is counted as the service's).
   */
  private record SqlLimit(String name, Supplier<Future<Void>> operation, ProcessHandle server) {
    SqlLimit(String name, Supplier<Future<Void>> operation) {
      this(name, operation, serviceProcess);
    }
  }

  public static void main(String[] args) throws Exception {
    Path jar = Path.of(System.getProperty("bench.jar", "target/undo-service.jar"));
    if (!Files.exists(jar)) {
      throw new IllegalStateException("build the jar first: mvn -Pbench verify packages it before this runs");
    }
    Path dataDir = BenchOutput.dataDirectory("service");
    Files.createDirectories(SERVICE_LOG.getParent());
    Files.deleteIfExists(SERVICE_LOG);
    JsonObject result = new JsonObject().put("benchmark", "service").put("date", Instant.now().toString())
        .put("machine", Machine.describe()).put("concurrency", CONCURRENCY).put("poolSize", POOL_SIZE)
        .put("measureSeconds", MEASURE_MS / 1000.0).put("rounds", ROUNDS);
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
    Process service = startService(jar, serviceEnvironment(databaseUrl, port, management));
    serviceProcess = service.toHandle();
    BareServer bare = null;
    BareServer least = null;
    Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    // Two event loops for the generator, so that neither side's rate is one thread's limit.
    generator = new ArrayList<>();
    for (int i = 0; i < EVENT_LOOPS; i++) {
      generator.add(vertx.getOrCreateContext());
    }
    try {
      awaitReady(management, 120_000);
      PoolOptions share = new PoolOptions().setMaxSize(Database.share(POOL_SIZE, EVENT_LOOPS));
      for (Context context : generator) {
        clients.put(context, new BenchHttpClient(vertx, context, "127.0.0.1", port, CONCURRENCY));
        rawClients.put(context, Database.pipelinedClient(vertx, share, databaseUrl, PIPELINING_LIMIT));
      }
      await(onGenerator(() -> request(HttpMethod.PUT, "/v1/collections/bench",
          new JsonObject().put("undoWindow", "PT1H").toBuffer())));
      List<String> ids = await(onGenerator(ServiceBenchmark::seed));
      if (HISTORY_DAYS > 0) {
        await(onGenerator(ServiceBenchmark::makeHistoryPartitions));
      }
      await(onGenerator(() -> raw().query(Sql.LEAST_SCHEMA).execute().mapEmpty()));
      least = startLeastServer(databaseUrl);
      for (Context context : generator) {
        leastClients.put(context, new BenchHttpClient(vertx, context, "127.0.0.1", least.port(), CONCURRENCY));
      }
      result.put("historyPartitions", await(onGenerator(() -> raw()
          .query("SELECT count(*) AS n FROM pg_inherits WHERE inhparent = 'item_history'::regclass").execute()
          .map(rows -> rows.iterator().next().getLong("n")))));
      awaitFirstPurge(management, 3 * PURGE_INTERVAL.toMillis());
      String floorPath = "/v1/collections/bench/items/" + NOT_AN_ID;
      BenchHttpClient.Response floorAnswer = await(onGenerator(() -> request(HttpMethod.GET, floorPath, null)));
      badRequest(floorAnswer);
      bare = startBareServer(floorAnswer);
      for (Context context : generator) {
        bareClients.put(context, new BenchHttpClient(vertx, context, "127.0.0.1", bare.port(), CONCURRENCY));
      }

      JsonArray scenarios = new JsonArray();
      scenario(scenarios, "create", management,
          () -> request(HttpMethod.POST, "/v1/collections/bench/items", new JsonObject().put("title", "bench").toBuffer()).mapEmpty(),
          () -> raw().preparedQuery(Sql.CREATE).execute(Tuple.of("default", "bench", UUID.randomUUID(),
              new JsonObject().put("title", "bench"), now(), null)).mapEmpty(), 1);
      scenario(scenarios, "get", management,
          () -> request(HttpMethod.GET, "/v1/collections/bench/items/" + any(ids), null).mapEmpty(),
          () -> raw().preparedQuery(Sql.GET).execute(Tuple.of("default", "bench", UUID.fromString(any(ids)), now())).mapEmpty(),
          List.of(new HttpFloor("the service", () -> request(HttpMethod.GET, floorPath, null).map(ServiceBenchmark::badRequest),
                  serviceProcess),
              new HttpFloor("Vert.x alone", () -> bareClients.get(Vertx.currentContext()).send(HttpMethod.GET, floorPath, null)
                  .map(ServiceBenchmark::badRequest), bare.process().toHandle())), 1);
      scenario(scenarios, "delete+undo", management,
          () -> deleteAndUndo(any(ids)),
          () -> rawDeleteAndUndo(raw(), UUID.fromString(any(ids))), List.of(),
          List.of(new SqlLimit("least SQL", () -> leastDeleteAndUndo(raw(), Sql.LEAST_STEP, UUID.fromString(any(ids)))),
              new SqlLimit("least SQL with its events", () -> leastDeleteAndUndo(raw(), Sql.LEAST_STEP_WITH_EVENT, UUID.fromString(any(ids)))),
              new SqlLimit("least SQL behind Vert.x alone", () -> leastOverHttp(UUID.fromString(any(ids))), least.process().toHandle())), 2);
      scenario(scenarios, "list 50", management,
          () -> request(HttpMethod.GET, "/v1/collections/bench/items?limit=50", null).mapEmpty(),
          () -> raw().preparedQuery(Sql.LIST).execute(Tuple.of("default", "bench", new UUID(0, 0), 51)).mapEmpty(), 1);
      // Disjoint blocks of the seeded items, one to each batch in flight, so that batches do not wait on each other's rows.
      java.util.Queue<List<String>> blocks = new java.util.concurrent.ConcurrentLinkedQueue<>();
      for (int from = 0; from + BATCH <= ids.size(); from += BATCH) {
        blocks.add(List.copyOf(ids.subList(from, from + BATCH)));
      }
      scenario(scenarios, "batch " + BATCH + "+undo", management,
          () -> withBlock(blocks, ServiceBenchmark::batchAndUndo),
          () -> withBlock(blocks, block -> rawBatchAndUndo(raw(), block)), 2);
      result.put("scenarios", scenarios);
      result.put("cascade", await(onGenerator(ServiceBenchmark::cascade)));
      if (SCENARIOS.contains("auth")) {
        result.put("auth", auth(jar, databaseUrl, vertx, ids));
      }
      if (SCENARIOS.contains("outbox")) {
        result.put("outbox", outbox());
        result.put("changeFeed", FeedBenchmark.measure(vertx, port,
            () -> await(onGenerator(() -> request(HttpMethod.POST, "/v1/collections/bench/items",
                new JsonObject().put("title", "followed").toBuffer()).mapEmpty())),
            () -> await(onGenerator(() -> raw().query("SELECT coalesce((SELECT event_xid::text || '.' || seq FROM events WHERE tenant_id = 'default'"
                + " ORDER BY event_xid DESC, seq DESC LIMIT 1), '0.0') AS head").execute()
                .map(rows -> rows.iterator().next().getString("head"))))));
      }
      for (SqlClient raw : rawClients.values()) {
        await(raw.close());
      }
      for (BenchHttpClient client : clients.values()) {
        await(client.close());
      }
      for (BenchHttpClient client : bareClients.values()) {
        await(client.close());
      }
      for (BenchHttpClient client : leastClients.values()) {
        await(client.close());
      }
    } finally {
      for (BareServer server : Arrays.asList(bare, least)) {
        if (server != null) {
          server.process().destroy();
          server.process().waitFor(30, TimeUnit.SECONDS);
        }
      }
      service.destroy();
      service.waitFor(30, TimeUnit.SECONDS);
      await(vertx.close());
    }
  }

  /** Runs the scenario through the service, then the same SQL raw; reports both and their ratio. */
  private static void scenario(JsonArray scenarios, String name, int management, Supplier<Future<Void>> viaService,
      Supplier<Future<Void>> viaSql, int requestsPerOperation) throws Exception {
    scenario(scenarios, name, management, viaService, viaSql, List.of(), List.of(), requestsPerOperation);
  }

  private static void scenario(JsonArray scenarios, String name, int management, Supplier<Future<Void>> viaService,
      Supplier<Future<Void>> viaSql, List<HttpFloor> floors, int requestsPerOperation) throws Exception {
    scenario(scenarios, name, management, viaService, viaSql, floors, List.of(), requestsPerOperation);
  }

  private static void scenario(JsonArray scenarios, String name, int management, Supplier<Future<Void>> viaService,
      Supplier<Future<Void>> viaSql, List<HttpFloor> floors, List<SqlLimit> limits, int requestsPerOperation) throws Exception {
    if (SCENARIOS.contains(name)) {
      scenarios.add(scenario(name, management, viaService, viaSql, floors, limits, requestsPerOperation));
    }
  }

  /**
   * Runs the scenario through the service and the same SQL raw (and any floors), in alternating
   * rounds after a warm-up of each, so that a slow spell of this shared machine falls on every side
   * rather than on one; reports them, their ratio over all rounds, and the per-round ratios.
   */
  private static JsonObject scenario(String name, int management, Supplier<Future<Void>> viaService,
      Supplier<Future<Void>> viaSql, List<HttpFloor> floors, List<SqlLimit> limits, int requestsPerOperation) throws Exception {
    ClosedLoop service = load(viaService, serviceProcess);
    ClosedLoop sql = load(viaSql, serviceProcess);
    List<ClosedLoop> floorLoads = new ArrayList<>();
    for (HttpFloor floor : floors) {
      floorLoads.add(load(floor.request(), floor.server()));
    }
    List<ClosedLoop> limitLoads = new ArrayList<>();
    for (SqlLimit limit : limits) {
      limitLoads.add(load(limit.operation(), limit.server()));
    }
    service.warmUp();
    sql.warmUp();
    for (ClosedLoop floor : floorLoads) {
      floor.warmUp();
    }
    for (ClosedLoop limit : limitLoads) {
      limit.warmUp();
    }
    List<JsonArray> limitRoundRatios = new ArrayList<>();
    limits.forEach(limit -> limitRoundRatios.add(new JsonArray()));
    JsonArray roundRatios = new JsonArray();
    double statements = 0;
    double[] floorStatements = new double[floors.size()];
    for (int round = 0; round < ROUNDS; round++) {
      double statementsBefore = poolStatements(management);
      double servicePerSecond = service.round();
      statements += poolStatements(management) - statementsBefore;
      double sqlPerSecond = sql.round();
      roundRatios.add(round(servicePerSecond / sqlPerSecond));
      for (int i = 0; i < limitLoads.size(); i++) {
        limitRoundRatios.get(i).add(round(servicePerSecond / limitLoads.get(i).round()));
      }
      for (int i = 0; i < floorLoads.size(); i++) {
        statementsBefore = poolStatements(management);
        floorLoads.get(i).round();
        floorStatements[i] += poolStatements(management) - statementsBefore;
      }
    }
    ClosedLoop.Measured viaHttp = service.measured();
    ClosedLoop.Measured raw = sql.measured();
    double roundTrips = statements / ((double) viaHttp.rounded() * requestsPerOperation);
    System.out.printf("%-12s service %,9.0f/s  raw SQL %,9.0f/s  ratio %.2f  rounds %s%n", name, viaHttp.perSecond(),
        raw.perSecond(), viaHttp.perSecond() / raw.perSecond(), roundRatios.encode());
    JsonArray floorResults = new JsonArray();
    for (int i = 0; i < floors.size(); i++) {
      ClosedLoop.Measured floor = floorLoads.get(i).measured();
      // Each side keeps the same two cores busy, so a rate is the inverse of the CPU an operation
      // costs, and the scenario costs at least the floor's HTTP work plus the raw side's SQL work.
      double ceiling = floor.perSecond() / (floor.perSecond() + requestsPerOperation * raw.perSecond());
      floorResults.add(new JsonObject().put("floor", floors.get(i).name())
          .put("requestsPerSecond", round(floor.perSecond()))
          .put("p50Ms", round(floor.p50Ms())).put("p99Ms", round(floor.p99Ms()))
          .put("sqlRoundTripsPerRequest", round(floorStatements[i] / floor.rounded()))
          .put("cpuMicrosPerRequest", CpuAccount.available() ? new JsonObject()
              .put("generator", floor.micros(floor.cpuPerOperation().bench()))
              .put("server", floor.micros(floor.cpuPerOperation().service()))
              .put("postgres", floor.micros(floor.cpuPerOperation().postgres())) : null)
          .put("ratioCeiling", round(ceiling)));
    }
    JsonArray limitResults = new JsonArray();
    for (int i = 0; i < limits.size(); i++) {
      ClosedLoop.Measured limit = limitLoads.get(i).measured();
      System.out.printf("%-12s %s %,9.0f/s  service / it %.2f  rounds %s  PostgreSQL µs an operation: service %.0f, it %.0f%s%n",
          "", limits.get(i).name(), limit.perSecond(), viaHttp.perSecond() / limit.perSecond(), limitRoundRatios.get(i).encode(),
          viaHttp.micros(viaHttp.cpuPerOperation().postgres()), limit.micros(limit.cpuPerOperation().postgres()),
          limits.get(i).server() == serviceProcess ? "" : String.format("; server µs: service %.0f, it %.0f",
              viaHttp.micros(viaHttp.cpuPerOperation().service()), limit.micros(limit.cpuPerOperation().service())));
      limitResults.add(new JsonObject().put("limit", limits.get(i).name())
          .put("operationsPerSecond", round(limit.perSecond()))
          .put("p50Ms", round(limit.p50Ms())).put("p99Ms", round(limit.p99Ms()))
          .put("ratioServiceToLimit", round(viaHttp.perSecond() / limit.perSecond()))
          .put("roundRatios", limitRoundRatios.get(i))
          .put("cpuMicrosPerOperation", CpuAccount.available() ? new JsonObject()
              .put("client", limit.micros(limit.cpuPerOperation().bench()))
              .put("server", limits.get(i).server() == serviceProcess ? null : limit.micros(limit.cpuPerOperation().service()))
              .put("postgres", limit.micros(limit.cpuPerOperation().postgres())) : null));
    }
    return new JsonObject().put("scenario", name)
        .put("sqlLimits", limitResults)
        .put("requestsPerSecond", round(viaHttp.perSecond() * requestsPerOperation))
        .put("operationsPerSecond", round(viaHttp.perSecond()))
        .put("p50Ms", round(viaHttp.p50Ms())).put("p99Ms", round(viaHttp.p99Ms()))
        .put("rawSqlOperationsPerSecond", round(raw.perSecond()))
        .put("rawP50Ms", round(raw.p50Ms())).put("rawP99Ms", round(raw.p99Ms()))
        .put("ratioServiceToRaw", round(viaHttp.perSecond() / raw.perSecond()))
        .put("roundRatios", roundRatios)
        .put("sqlRoundTripsPerRequest", round(roundTrips))
        .put("cpuMicrosPerOperation", CpuAccount.available() ? new JsonObject()
            .put("viaService", new JsonObject().put("generator", viaHttp.micros(viaHttp.cpuPerOperation().bench()))
                .put("service", viaHttp.micros(viaHttp.cpuPerOperation().service()))
                .put("postgres", viaHttp.micros(viaHttp.cpuPerOperation().postgres())))
            .put("rawSql", new JsonObject().put("client", raw.micros(raw.cpuPerOperation().bench()))
                .put("postgres", raw.micros(raw.cpuPerOperation().postgres()))) : null)
        .put("httpFloors", floorResults);
  }

  private static ClosedLoop load(Supplier<Future<Void>> operation, ProcessHandle server) {
    return new ClosedLoop(operation::get, generator, CONCURRENCY, new ClosedLoop.Timing(WARMUP_MS, SETTLE_MS, MEASURE_MS / ROUNDS), server);
  }

  /**
   * What the change feed's outbox costs a create: through the service with the trigger that writes
   * events, and with it disabled, in alternating rounds. Disabling it is done on the benchmark's own
   * database between rounds; the service is not told. The toast cycle's lean statements write their
   * events themselves, with no switch: what events cost it shows in its rounds, the least SQL with
   * its events against the least SQL.
   */
  private static JsonObject outbox() throws Exception {
    Supplier<Future<Void>> create = () -> request(HttpMethod.POST, "/v1/collections/bench/items",
        new JsonObject().put("title", "bench").toBuffer()).mapEmpty();
    ClosedLoop with = load(create, serviceProcess);
    ClosedLoop without = load(create, serviceProcess);
    JsonArray rounds = alternate(with, () -> outboxTriggers(true), without, () -> outboxTriggers(false), ROUNDS);
    outboxTriggers(true);
    ClosedLoop.Measured withOutbox = with.measured();
    ClosedLoop.Measured withoutOutbox = without.measured();
    System.out.printf("%-12s with the outbox %,9.0f/s  without %,9.0f/s  ratio %.2f  rounds %s  PostgreSQL µs: %.0f against %.0f%n",
        "create", withOutbox.perSecond(), withoutOutbox.perSecond(), withOutbox.perSecond() / withoutOutbox.perSecond(),
        rounds.encode(), withOutbox.micros(withOutbox.cpuPerOperation().postgres()),
        withoutOutbox.micros(withoutOutbox.cpuPerOperation().postgres()));
    return new JsonObject().put("create",
        comparison("Outbox", withOutbox, withoutOutbox, rounds, "postgres", CpuAccount.Reading::postgres));
  }

  /**
   * One scenario with and without a feature, as service.json keeps it: both rates, their ratio and
   * each round's, both p50s, and the CPU an operation of the party the feature loads.
   */
  private static JsonObject comparison(String feature, ClosedLoop.Measured with, ClosedLoop.Measured without,
      JsonArray rounds, String party, java.util.function.ToLongFunction<CpuAccount.Reading> cpu) {
    return new JsonObject()
        .put("with" + feature + "PerSecond", round(with.perSecond()))
        .put("without" + feature + "PerSecond", round(without.perSecond()))
        .put("ratio", round(with.perSecond() / without.perSecond()))
        .put("roundRatios", rounds)
        .put("p50Ms", new JsonArray().add(round(with.p50Ms())).add(round(without.p50Ms())))
        .put(party + "MicrosPerOperation", CpuAccount.available() ? new JsonArray()
            .add(with.micros(cpu.applyAsLong(with.cpuPerOperation())))
            .add(without.micros(cpu.applyAsLong(without.cpuPerOperation()))) : null);
  }

  /**
   * What the JWT check costs: get and the toast cycle through two services started for it on the
   * benchmark's database, alike but that one has UNDO_AUTH=jwt (an RS256 key, a bearer token on every
   * request), in alternating rounds; the other idles while one is measured. Both are fresh, so that
   * neither has had more time to compile its hot paths than the other.
   */
  private static JsonObject auth(Path jar, String databaseUrl, Vertx vertx, List<String> ids) throws Exception {
    java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    java.security.KeyPair keys = generator.generateKeyPair();
    java.util.Base64.Encoder pem = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'});
    String publicKey = "-----BEGIN PUBLIC KEY-----\n" + pem.encodeToString(keys.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
    String privateKey = "-----BEGIN PRIVATE KEY-----\n" + pem.encodeToString(keys.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
    String token = io.vertx.ext.auth.jwt.JWTAuth.create(vertx, new io.vertx.ext.auth.jwt.JWTAuthOptions()
            .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("RS256").setBuffer(privateKey)))
        .generateToken(new JsonObject().put("tenant", "default").put("sub", "bench")
                .put("scope", "items:read items:write items:undo"),
            new io.vertx.ext.auth.JWTOptions().setAlgorithm("RS256").setExpiresInMinutes(120));
    int[] ports = {freePort(), freePort(), freePort(), freePort()};
    Process plain = startService(jar, serviceEnvironment(databaseUrl, ports[0], ports[1]));
    Map<String, String> environment = serviceEnvironment(databaseUrl, ports[2], ports[3]);
    environment.put("UNDO_AUTH", "jwt");
    environment.put("UNDO_JWT_PUBLIC_KEY", publicKey);
    Process authenticating = startService(jar, environment);
    Map<Context, BenchHttpClient> plainClients = new HashMap<>();
    Map<Context, BenchHttpClient> authClients = new HashMap<>();
    JsonObject result = new JsonObject();
    try {
      awaitReady(ports[1], 120_000);
      awaitReady(ports[3], 120_000);
      for (Context context : ServiceBenchmark.generator) {
        plainClients.put(context, new BenchHttpClient(vertx, context, "127.0.0.1", ports[0], CONCURRENCY));
        authClients.put(context, new BenchHttpClient(vertx, context, "127.0.0.1", ports[2], CONCURRENCY,
            "Authorization: Bearer " + token + "\r\n"));
      }
      Map<String, java.util.function.Function<Map<Context, BenchHttpClient>, Future<Void>>> operations = new java.util.LinkedHashMap<>();
      operations.put("get", via -> send(via, HttpMethod.GET, "/v1/collections/bench/items/" + any(ids), null).mapEmpty());
      operations.put("delete+undo", via -> deleteAndUndo(via, any(ids)));
      for (var operation : operations.entrySet()) {
        ClosedLoop with = load(() -> operation.getValue().apply(authClients), authenticating.toHandle());
        ClosedLoop without = load(() -> operation.getValue().apply(plainClients), plain.toHandle());
        // Twice the rounds: two processes differ more from round to round than one service's two settings.
        JsonArray rounds = alternate(with, () -> { }, without, () -> { }, 2 * ROUNDS);
        ClosedLoop.Measured withAuth = with.measured();
        ClosedLoop.Measured withoutAuth = without.measured();
        System.out.printf("%-12s with auth %,9.0f/s  without %,9.0f/s  ratio %.2f  rounds %s  service µs: %.0f against %.0f%n",
            operation.getKey(), withAuth.perSecond(), withoutAuth.perSecond(), withAuth.perSecond() / withoutAuth.perSecond(),
            rounds.encode(), withAuth.micros(withAuth.cpuPerOperation().service()),
            withoutAuth.micros(withoutAuth.cpuPerOperation().service()));
        result.put(operation.getKey(), comparison("Auth", withAuth, withoutAuth, rounds, "service", CpuAccount.Reading::service));
      }
    } finally {
      for (Map<Context, BenchHttpClient> each : List.of(plainClients, authClients)) {
        for (BenchHttpClient client : each.values()) {
          await(client.close());
        }
      }
      for (Process process : List.of(plain, authenticating)) {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
      }
    }
    return result;
  }

  /** What is done before one side's round (such as switching the outbox's trigger). */
  private interface Setup {
    void run() throws Exception;
  }

  /** Warms both sides up, then measures them in alternating rounds; each round's first/second ratio. */
  private static JsonArray alternate(ClosedLoop first, Setup beforeFirst, ClosedLoop second, Setup beforeSecond, int rounds)
      throws Exception {
    beforeFirst.run();
    first.warmUp();
    beforeSecond.run();
    second.warmUp();
    JsonArray ratios = new JsonArray();
    for (int round = 0; round < rounds; round++) {
      beforeFirst.run();
      double firstRate = first.round();
      beforeSecond.run();
      ratios.add(round(firstRate / second.round()));
    }
    return ratios;
  }

  private static void outboxTriggers(boolean enabled) throws Exception {
    String action = enabled ? "ENABLE" : "DISABLE";
    await(onGenerator(() -> raw().query("ALTER TABLE items " + action + " TRIGGER items_event_on_insert, "
        + action + " TRIGGER items_event_on_update").execute().mapEmpty()));
  }

  private static Future<Void> deleteAndUndo(String id) {
    return deleteAndUndo(clients, id);
  }

  private static Future<Void> deleteAndUndo(Map<Context, BenchHttpClient> via, String id) {
    return send(via, HttpMethod.DELETE, "/v1/collections/bench/items/" + id, null)
        .map(response -> response.header("Link"))
        .compose(link -> link == null
            ? Future.succeededFuture()
            : send(via, HttpMethod.POST, link.substring(1, link.indexOf('>')), null).mapEmpty());
  }

  private static Future<Void> withBlock(java.util.Queue<List<String>> blocks, java.util.function.Function<List<String>, Future<Void>> work) {
    List<String> block = blocks.poll();
    if (block == null) {
      throw new IllegalStateException("more batches in flight than blocks of " + BATCH + " seeded items");
    }
    return work.apply(block).onComplete(done -> blocks.add(block));
  }

  /** A batch delete of BATCH items and the undo of its deletion, by the link it answered. */
  private static Future<Void> batchAndUndo(List<String> block) {
    Buffer body = new JsonObject().put("ids", new JsonArray(new ArrayList<>(block))).toBuffer();
    return request(HttpMethod.POST, "/v1/collections/bench/deletions", body)
        .compose(response -> {
          String link = response.header("Link");
          if (response.status() != 201 || link == null) {
            return Future.failedFuture("the batch answered " + response.status() + " " + response.body());
          }
          return request(HttpMethod.POST, link.substring(1, link.indexOf('>')), null).compose(undone -> undone.status() == 201
              ? Future.succeededFuture()
              : Future.failedFuture("the batch's undo answered " + undone.status() + " " + undone.body()));
        });
  }

  /**
   * A note with CASCADE - 1 comments that refer to it with cascade: a DELETE of the note tombstones all
   * of them in one deletion, its undo brings them all back; each timed alone (nothing else runs), the
   * median of CASCADE_RUNS. The comments are made with the service's create statement, raw.
   */
  private static Future<JsonObject> cascade() {
    Buffer referring = new JsonObject().put("references", new JsonArray().add(new JsonObject()
        .put("field", "noteId").put("collection", "cascade-notes").put("onDelete", "cascade"))).toBuffer();
    return request(HttpMethod.PUT, "/v1/collections/cascade-notes", new JsonObject().toBuffer())
        .compose(notes -> request(HttpMethod.PUT, "/v1/collections/cascade-comments", referring))
        .compose(comments -> request(HttpMethod.POST, "/v1/collections/cascade-notes/items", new JsonObject().toBuffer()))
        .compose(note -> {
          String noteId = note.body().toJsonObject().getString("id");
          return comments(noteId, CASCADE - 1).compose(all -> timeCascades(noteId, new ArrayList<>(), new ArrayList<>()));
        });
  }

  /** Makes {@code count} comments of the note, 100 statements in flight at a time. */
  private static Future<Void> comments(String noteId, int count) {
    if (count == 0) {
      return Future.succeededFuture();
    }
    List<Future<?>> made = new ArrayList<>();
    for (int i = 0; i < Math.min(100, count); i++) {
      made.add(raw().preparedQuery(Sql.CREATE).execute(Tuple.of("default", "cascade-comments", UUID.randomUUID(),
          new JsonObject().put("noteId", noteId).put("text", "a comment"), now(), null)));
    }
    return Future.all(made).compose(all -> comments(noteId, count - Math.min(100, count)));
  }

  private static Future<JsonObject> timeCascades(String noteId, List<Long> deletes, List<Long> undos) {
    if (deletes.size() == CASCADE_RUNS) {
      return Future.succeededFuture(new JsonObject().put("items", CASCADE)
          .put("deleteMillis", new JsonArray(new ArrayList<>(deletes))).put("undoMillis", new JsonArray(new ArrayList<>(undos)))
          .put("deleteItemsPerSecond", CASCADE * 1000.0 / median(deletes))
          .put("undoItemsPerSecond", CASCADE * 1000.0 / median(undos)));
    }
    long started = System.nanoTime();
    return request(HttpMethod.DELETE, "/v1/collections/cascade-notes/items/" + noteId, null).compose(deleted -> {
      long deletedAt = System.nanoTime();
      if (deleted.status() != 204 || deleted.header("Link") == null) {
        return Future.failedFuture("the cascading delete answered " + deleted.status() + " " + deleted.body());
      }
      String link = deleted.header("Link");
      return request(HttpMethod.POST, link.substring(1, link.indexOf('>')), null).compose(undone -> {
        if (undone.status() != 201 || undone.body().toJsonObject().getJsonArray("items").size() != CASCADE) {
          return Future.failedFuture("the cascade's undo answered " + undone.status());
        }
        deletes.add((deletedAt - started) / 1_000_000);
        undos.add((System.nanoTime() - deletedAt) / 1_000_000);
        return timeCascades(noteId, deletes, undos);
      });
    });
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    return sorted.get(sorted.size() / 2);
  }

  /** The statements the service runs for a batch delete and for the undo of its deletion. */
  private static Future<Void> rawBatchAndUndo(SqlClient raw, List<String> block) {
    UUID deletionId = UUID.randomUUID();
    UUID[] items = block.stream().map(UUID::fromString).toArray(UUID[]::new);
    return raw.preparedQuery(Sql.BATCH)
        .execute(Tuple.from(new Object[] {"default", "bench", items, now(), deletionId, null, null, MAX_DELETION_ITEMS}))
        .compose(rows -> {
          UUID[] deleted = rows.iterator().next().getArrayOfUUIDs("item_ids");
          if (deleted == null || deleted.length != BATCH) {
            return Future.failedFuture("the raw batch deleted " + (deleted == null ? 0 : deleted.length) + " items");
          }
          return raw.preparedQuery(Sql.UNDO).execute(Tuple.of("default", deletionId, deleted, now(), null, BENCH)).mapEmpty();
        });
  }

  /** The statements the service runs for DELETE and for an undo whose ticket names the deletion's items. */
  private static Future<Void> rawDeleteAndUndo(SqlClient raw, UUID id) {
    UUID deletionId = UUID.randomUUID();
    return raw.preparedQuery(Sql.DELETE)
        .execute(Tuple.from(new Object[] {"default", "bench", id, now(), null, deletionId, null, MAX_DELETION_ITEMS}))
        .compose(rows -> !"deleted".equals(rows.iterator().next().getString("outcome"))
            ? Future.succeededFuture()
            : raw.preparedQuery(Sql.UNDO).execute(Tuple.of("default", deletionId, new UUID[] {id}, now(), null, BENCH)).mapEmpty());
  }

  /**
   * The toast cycle at its least: a delete and an undo, each one UPDATE and one INSERT
   * (least-sql-step.sql), or those and the step's event (least-sql-step-with-event.sql).
   */
  private static Future<Void> leastDeleteAndUndo(SqlClient raw, String step, UUID id) {
    UUID deletionId = UUID.randomUUID();
    return raw.preparedQuery(step).execute(Tuple.of("default", id, now(), false, deletionId))
        .compose(deleted -> deleted.rowCount() == 0
            ? Future.succeededFuture()
            : raw.preparedQuery(step).execute(Tuple.of("default", id, now(), true, deletionId)).mapEmpty());
  }

  /** The least SQL's toast cycle as two HTTP requests to {@link LeastSqlHttpServer}. */
  private static Future<Void> leastOverHttp(UUID id) {
    String steps = "/least/" + id + "/" + UUID.randomUUID() + "/";
    return send(leastClients, HttpMethod.POST, steps + "delete", null)
        .compose(deleted -> deleted.status() != 204
            ? Future.succeededFuture()
            : send(leastClients, HttpMethod.POST, steps + "undo", null).mapEmpty());
  }

  /**
   * Sends a request on the current generator context's client; the generator does not parse bodies
   * it does not need.
   */
  private static Future<BenchHttpClient.Response> request(HttpMethod method, String uri, Buffer body) {
    return send(clients, method, uri, body);
  }

  private static Future<BenchHttpClient.Response> send(Map<Context, BenchHttpClient> via, HttpMethod method, String uri, Buffer body) {
    return via.get(Vertx.currentContext()).send(method, uri, body).map(response -> {
      // Workers may pick the same item at once, so 409 and 410 are answers too; only a fault fails.
      // A refused token (401, 403) is a fault of the benchmark.
      if (response.status() >= 500 || response.status() == 401 || response.status() == 403) {
        throw new IllegalStateException(method + " " + uri + " answered " + response.status() + " " + response.body());
      }
      return response;
    });
  }

  private record BareServer(Process process, int port) {}

  /** Starts {@link LeastSqlHttpServer} as {@link #startBareServer} starts Vert.x alone, with the service's pool. */
  private static BareServer startLeastServer(String databaseUrl) throws Exception {
    return startServer("least SQL server", LeastSqlHttpServer.class, databaseUrl,
        String.valueOf(Database.share(POOL_SIZE, EVENT_LOOPS)), String.valueOf(PIPELINING_LIMIT));
  }

  /**
   * Starts {@link BareHttpServer} on the service's jar of this checkout (the Vert.x the service
   * runs on) with the service's event loops, answering what the service answered.
   */
  private static BareServer startBareServer(BenchHttpClient.Response answer) throws Exception {
    return startServer("bare server", BareHttpServer.class, String.valueOf(answer.status()), answer.header("Content-Type"),
        Base64.getEncoder().encodeToString(answer.body().getBytes()));
  }

  /** A benchmark server's main class in a JVM of its own; arguments: port, event loops, then these. */
  private static BareServer startServer(String name, Class<?> main, String... arguments) throws Exception {
    int port = freePort();
    String classes = Path.of(main.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    List<String> command = new ArrayList<>(List.of("java", "-cp", "target/undo-service.jar" + java.io.File.pathSeparator + classes,
        main.getName(), String.valueOf(port), String.valueOf(EVENT_LOOPS)));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = output.readLine()) != null && !line.equals("ready")) {
      System.err.println(name + ": " + line);
    }
    if (line == null) {
      throw new IllegalStateException("the " + name + " did not start");
    }
    return new BareServer(process, port);
  }

  /** The floor counts only the answer it measures: a 400 problem, not a 404 of a wrong path. */
  private static Void badRequest(BenchHttpClient.Response response) {
    if (response.status() != 400) {
      throw new IllegalStateException("the floor's GET answered " + response.status() + ", not 400");
    }
    return null;
  }

  /** Makes the partitions as the service would, of its default width. */
  private static Future<Void> makeHistoryPartitions() {
    return raw().query("SELECT undo_make_history_partitions(current_date, current_date + " + (HISTORY_DAYS - 1) + ", "
        + PARTITION_DAYS + ")").execute().mapEmpty();
  }

  /** SEEDED_ITEMS items, made 100 at a time; their ids. */
  private static Future<List<String>> seed() {
    List<String> ids = new ArrayList<>();
    Future<Void> chain = Future.succeededFuture();
    for (int batch = 0; batch < SEEDED_ITEMS / 100; batch++) {
      chain = chain.compose(previous -> {
        List<Future<BenchHttpClient.Response>> created = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
          created.add(request(HttpMethod.POST, "/v1/collections/bench/items",
              new JsonObject().put("title", "seeded " + i).put("n", i).toBuffer()));
        }
        return Future.all(created).onSuccess(all -> created.forEach(item -> ids.add(item.result().body().toJsonObject().getString("id"))))
            .mapEmpty();
      });
    }
    return chain.map(done -> ids);
  }

  /**
   * Runs work on the generator's event loop. The load is started there rather than from the main
   * thread: a run in twenty hung in seeding with the main thread's requests never sent (NIO), and
   * keeping the generator's own work on its loop takes that cross-thread path out of the picture.
   */
  private static <T> Future<T> onGenerator(Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    generator.get(0).runOnContext(started -> work.get().onComplete(promise));
    return promise.future();
  }

  /** The raw client of the current generator context, as each API verticle uses its own. */
  private static SqlClient raw() {
    return rawClients.get(Vertx.currentContext());
  }

  private static String any(List<String> ids) {
    return ids.get(ThreadLocalRandom.current().nextInt(ids.size()));
  }

  private static OffsetDateTime now() {
    return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
  }

  /** SQL statements the service's pool has completed, from its own meter. */
  private static double poolStatements(int management) throws Exception {
    Matcher completed = Pattern.compile("^vertx_pool_completed_total\\{pool_name=\"" + Database.API_POOL + "\",pool_type=\"sql\"} (\\S+)$",
        Pattern.MULTILINE).matcher(scrape(management));
    if (!completed.find()) {
      throw new IllegalStateException("no undo-pg pool meter in the scrape");
    }
    return Double.parseDouble(completed.group(1));
  }

  private static void awaitFirstPurge(int management, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    Pattern ran = Pattern.compile("^undo_purge_runs_total\\{[^}]*} [1-9]", Pattern.MULTILINE);
    while (!ran.matcher(scrape(management)).find()) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("the service's purge did not run within " + timeoutMs + " ms");
      }
      Thread.sleep(200);
    }
  }

  /**
   * HTTP/1.1, as Prometheus scrapes: the JDK client's default asks the server to upgrade to h2c,
   * and one scrape of the metrics after such an upgrade failed in the client (a frame too large).
   */
  private static java.net.http.HttpClient managementClient() {
    return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
  }

  private static String scrape(int management) throws Exception {
    return managementClient().send(
        java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + management + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }

  /** Time from `java -jar` to /health/ready on the embedded default: a first start (initdb) and a second. */
  private static JsonObject startupTimes() throws Exception {
    Path data = BenchOutput.dataDirectory("startup");
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

  private static Map<String, String> serviceEnvironment(String databaseUrl, int port, int management) throws Exception {
    return new HashMap<>(Map.of(
        "UNDO_DATABASE_URL", databaseUrl, "UNDO_HTTP_PORT", String.valueOf(port),
        "UNDO_MANAGEMENT_PORT", String.valueOf(management), "UNDO_DB_POOL_SIZE", String.valueOf(POOL_SIZE),
        "UNDO_DB_PIPELINING_LIMIT", String.valueOf(PIPELINING_LIMIT), "UNDO_HTTP_INSTANCES", String.valueOf(EVENT_LOOPS),
        "UNDO_PURGE_INTERVAL", PURGE_INTERVAL.toString(), "UNDO_PARTITION_DAYS", String.valueOf(PARTITION_DAYS),
        "UNDO_DATA_DIR", BenchOutput.dataDirectory("unused").toString()));
  }

  private static Process startService(Path jar, Map<String, String> env) throws Exception {
    List<String> command = new ArrayList<>(List.of("java"));
    if (!SERVICE_JVM_OPTIONS.isBlank()) {
      command.addAll(List.of(SERVICE_JVM_OPTIONS.trim().split("\\s+")));
    }
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(SERVICE_LOG.toFile())).redirectErrorStream(true);
    builder.environment().putAll(env);
    return builder.start();
  }

  private static void awaitReady(int management, long timeoutMs) throws Exception {
    long deadline = System.currentTimeMillis() + timeoutMs;
    var client = managementClient();
    while (System.currentTimeMillis() < deadline) {
      try {
        // A timeout, since a probe that reaches the port as it opens can go unanswered (vertx-micrometer's
        // HTTP server metrics failed such a request once with a NullPointerException, in a start-up).
        var response = client.send(java.net.http.HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + management + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
            HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException notYet) {
        // not listening yet, or no answer in time
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the service did not get ready");
  }

  private static void print(JsonObject result) {
    System.out.printf("%nUndo Service against raw SQL, %s, concurrency %d, pool %d, %d history partitions, %.0f s a side and scenario in %d alternating rounds (%s)%n",
        result.getString("date").substring(0, 10), CONCURRENCY, POOL_SIZE, result.getLong("historyPartitions"), MEASURE_MS / 1000.0, ROUNDS,
        result.getString("machine"));
    System.out.printf("%-12s %12s %9s %9s %14s %8s %12s%n", "scenario", "requests/s", "p50 ms", "p99 ms", "raw SQL ops/s", "ratio", "round trips");
    for (Object entry : result.getJsonArray("scenarios")) {
      JsonObject s = (JsonObject) entry;
      System.out.printf("%-12s %,12.0f %9.2f %9.2f %,14.0f %8.2f %12.2f%n", s.getString("scenario"), s.getDouble("requestsPerSecond"),
          s.getDouble("p50Ms"), s.getDouble("p99Ms"), s.getDouble("rawSqlOperationsPerSecond"), s.getDouble("ratioServiceToRaw"),
          s.getDouble("sqlRoundTripsPerRequest"));
      if (s.getString("scenario").startsWith("batch ")) {
        System.out.printf("%-12s %,12.0f items/s deleted and as many undone (raw SQL %,.0f)%n", "", s.getDouble("operationsPerSecond") * BATCH,
            s.getDouble("rawSqlOperationsPerSecond") * BATCH);
      }
    }
    for (Object entry : result.getJsonArray("scenarios")) {
      JsonObject scenario = (JsonObject) entry;
      JsonArray floors = scenario.getJsonArray("httpFloors");
      if (floors.isEmpty()) {
        continue;
      }
      System.out.printf("%nHTTP floors, in the same rounds as %s: GET %s answered 400 without SQL%n", scenario.getString("scenario"), NOT_AN_ID);
      System.out.printf("%-14s %12s %9s %9s %12s %14s %11s %22s%n", "answered by", "requests/s", "p50 ms", "p99 ms", "round trips",
          "generator µs", "server µs", "ceiling of " + scenario.getString("scenario") + "'s ratio");
      for (Object floorEntry : floors) {
        JsonObject floor = (JsonObject) floorEntry;
        JsonObject cpu = floor.getJsonObject("cpuMicrosPerRequest", new JsonObject());
        System.out.printf("%-14s %,12.0f %9.2f %9.2f %12.2f %14.0f %11.0f %22.2f%n", floor.getString("floor"),
            floor.getDouble("requestsPerSecond"), floor.getDouble("p50Ms"), floor.getDouble("p99Ms"),
            floor.getDouble("sqlRoundTripsPerRequest"), cpu.getDouble("generator", Double.NaN), cpu.getDouble("server", Double.NaN),
            floor.getDouble("ratioCeiling"));
      }
    }
    if (CpuAccount.available()) {
      System.out.printf("%nCPU an operation in µs, in the measured rounds (the three share the cores)%n");
      System.out.printf("%-12s %28s %12s %12s %20s %12s%n", "scenario", "via service: generator", "service", "PostgreSQL",
          "raw SQL: client", "PostgreSQL");
      for (Object entry : result.getJsonArray("scenarios")) {
        JsonObject s = (JsonObject) entry;
        JsonObject via = s.getJsonObject("cpuMicrosPerOperation").getJsonObject("viaService");
        JsonObject raw = s.getJsonObject("cpuMicrosPerOperation").getJsonObject("rawSql");
        System.out.printf("%-12s %28.0f %12.0f %12.0f %20.0f %12.0f%n", s.getString("scenario"), via.getDouble("generator"),
            via.getDouble("service"), via.getDouble("postgres"), raw.getDouble("client"), raw.getDouble("postgres"));
      }
      System.out.println();
    }
    JsonObject cascade = result.getJsonObject("cascade");
    System.out.printf("cascade of %,d items (a note and its comments), alone, median of %d: delete %,.0f items/s, undo %,.0f items/s"
        + " (delete ms %s, undo ms %s)%n", cascade.getInteger("items"), CASCADE_RUNS, cascade.getDouble("deleteItemsPerSecond"),
        cascade.getDouble("undoItemsPerSecond"), cascade.getJsonArray("deleteMillis"), cascade.getJsonArray("undoMillis"));
    System.out.printf("heap per open undo ticket (1,000,000 tickets of one item each): %d bytes%n", result.getLong("heapBytesPerOpenTicket"));
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
    static final String UNDO = load("deletion-undo");
    static final String BATCH = load("deletion-create");
    static final String LEAST_SCHEMA = read("/bench/least-sql-schema.sql");
    static final String LEAST_STEP = read("/bench/least-sql-step.sql");
    static final String LEAST_STEP_WITH_EVENT = read("/bench/least-sql-step-with-event.sql");

    private static String load(String name) {
      return read("/sql/" + name + ".sql");
    }

    private static String read(String resource) {
      try (InputStream in = ServiceBenchmark.class.getResourceAsStream(resource)) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  }
}
