package dev.undo.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.undo.config.ServiceConfig;
import dev.undo.store.Database;
import dev.undo.support.Http;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * Renders every overlay with {@code kubectl kustomize} and checks the manifests against the
 * application: ports, probe paths, environment names, image name, shutdown timing, and that every
 * metric the alerts and the dashboard use is one the service exports. Skipped where no kubectl is.
 */
class KubernetesManifestsTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  /** PostgreSQL's superuser_reserved_connections default, and room for an operator's psql. */
  private static final int RESERVED_CONNECTIONS = 3 + 5;
  private static final Set<String> READ_OUTSIDE_SERVICE_CONFIG = Set.of("UNDO_CONFIG", "UNDO_LOG_FORMAT");

  @SuppressWarnings("unchecked")
  private static List<JsonObject> render(String overlay) throws Exception {
    Process kubectl;
    try {
      kubectl = new ProcessBuilder("kubectl", "kustomize", "k8s/overlays/" + overlay).redirectErrorStream(true).start();
    } catch (java.io.IOException noKubectl) {
      assumeTrue(false, "kubectl is not installed");
      return List.of();
    }
    String out = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(kubectl.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(kubectl.exitValue()).as(out).isZero();
    List<JsonObject> objects = new ArrayList<>();
    for (Object document : new Yaml().loadAll(out)) {
      if (document != null) {
        objects.add(new JsonObject((Map<String, Object>) document));
      }
    }
    return objects;
  }

  private static JsonObject only(List<JsonObject> objects, String kind) {
    List<JsonObject> found = objects.stream().filter(o -> kind.equals(o.getString("kind"))).toList();
    assertThat(found).as(kind).hasSize(1);
    return found.get(0);
  }

  private static JsonObject named(List<JsonObject> objects, String kind, String prefix) {
    return objects.stream()
        .filter(o -> kind.equals(o.getString("kind")) && o.getJsonObject("metadata").getString("name").startsWith(prefix))
        .findFirst().orElseThrow();
  }

  private static JsonObject at(JsonObject object, String path) {
    JsonObject node = object;
    for (String key : path.split("\\.")) {
      node = node.getJsonObject(key);
    }
    return node;
  }

  @ParameterizedTest
  @ValueSource(strings = {"dev", "prod"})
  @SuppressWarnings("unchecked")
  void theManifestsMatchTheApplication(String overlay) throws Exception {
    List<JsonObject> objects = render(overlay);
    JsonObject deployment = only(objects, "Deployment");
    JsonObject pod = at(deployment, "spec.template.spec");
    JsonObject container = pod.getJsonArray("containers").getJsonObject(0);

    // The configuration the pods get, read the way the service reads it.
    String configYaml = named(objects, "ConfigMap", "undo-config").getJsonObject("data").getString("config.yaml");
    ServiceConfig config = ServiceConfig.from(new JsonObject((Map<String, Object>) new Yaml().load(configYaml)));

    Map<String, Integer> ports = new HashMap<>();
    container.getJsonArray("ports").forEach(p -> ports.put(((JsonObject) p).getString("name"), ((JsonObject) p).getInteger("containerPort")));
    assertThat(ports).containsEntry("http", config.http().port()).containsEntry("management", config.management().port());
    assertThat(container.getJsonObject("livenessProbe").getJsonObject("httpGet"))
        .isEqualTo(new JsonObject().put("path", "/health/live").put("port", "management"));
    assertThat(container.getJsonObject("readinessProbe").getJsonObject("httpGet"))
        .isEqualTo(new JsonObject().put("path", "/health/ready").put("port", "management"));

    Set<String> known = new HashSet<>(ServiceConfig.ENVIRONMENT);
    known.addAll(READ_OUTSIDE_SERVICE_CONFIG);
    List<String> env = container.getJsonArray("env").stream().map(e -> ((JsonObject) e).getString("name")).toList();
    assertThat(env).allSatisfy(name -> assertThat(known).as("the service reads %s", name).contains(name));
    assertThat(env).contains("UNDO_DATABASE_URL", "UNDO_REDIS_URL", "UNDO_TOKEN_KEY");
    // Authentication comes from the overlay's ConfigMap undo-auth, and it must be one the service takes.
    JsonObject auth = named(objects, "ConfigMap", "undo-auth").getJsonObject("data");
    assertThat(auth.fieldNames()).allSatisfy(name -> assertThat(known).as("the service reads %s", name).contains(name));
    JsonObject withAuth = new JsonObject((Map<String, Object>) new Yaml().load(configYaml)).mergeIn(auth);
    assertThat(ServiceConfig.from(withAuth).auth().jwt()).isTrue();
    assertThat(Files.readString(Path.of("src/main/resources/logback.xml"))).contains("UNDO_LOG_FORMAT");
    assertThat(Files.readString(Path.of("src/main/java/dev/undo/config/ConfigLoader.java"))).contains("\"UNDO_CONFIG\"");
    String configPath = container.getJsonArray("env").stream().map(e -> (JsonObject) e)
        .filter(e -> e.getString("name").equals("UNDO_CONFIG")).findFirst().orElseThrow().getString("value");
    assertThat(container.getJsonArray("volumeMounts").stream().map(m -> ((JsonObject) m).getString("mountPath") + "/config.yaml"))
        .contains(configPath);
    String pom = Files.readString(Path.of("pom.xml"));
    assertThat(pom).contains("<UNDO_CONFIG>" + configPath + "</UNDO_CONFIG>");

    Matcher imageName = Pattern.compile("<image.name>([^:<]+):").matcher(pom);
    assertThat(imageName.find()).isTrue();
    assertThat(container.getString("image")).matches("(.*/)?" + Pattern.quote(imageName.group(1)) + ":[^:]+");

    JsonObject autoscaler = at(only(objects, "HorizontalPodAutoscaler"), "spec");
    assertThat(autoscaler.getJsonObject("scaleTargetRef").getString("name")).isEqualTo(deployment.getJsonObject("metadata").getString("name"));
    assertThat(deployment.getJsonObject("spec").containsKey("replicas")).as("the autoscaler owns the replicas").isFalse();
    assertThat(autoscaler.getInteger("minReplicas")).isGreaterThanOrEqualTo(2);
    assertThat(pod.getBoolean("enableServiceLinks")).as("no <SERVICE>_PORT variables beside the UNDO_* settings").isFalse();
    // The overlay makes the namespace that all its objects are in.
    String namespace = only(objects, "Namespace").getJsonObject("metadata").getString("name");
    assertThat(objects).filteredOn(o -> !o.getString("kind").equals("Namespace"))
        .allSatisfy(o -> assertThat(o.getJsonObject("metadata").getString("namespace")).as(o.getString("kind")).isEqualTo(namespace));
    assertThat(pod.getJsonObject("securityContext").getBoolean("runAsNonRoot")).isTrue();
    assertThat(container.getJsonObject("securityContext").getBoolean("readOnlyRootFilesystem")).isTrue();
    int preStop = at(container, "lifecycle.preStop.sleep").getInteger("seconds");
    assertThat((long) pod.getInteger("terminationGracePeriodSeconds"))
        .as("preStop + shutdown grace must fit in the termination grace period")
        .isGreaterThan(preStop + config.http().shutdownGrace().toSeconds());

    JsonObject serviceObject = only(objects, "Service");
    assertThat(serviceObject.getJsonObject("spec").getJsonObject("selector").getMap())
        .containsAllEntriesOf(at(deployment, "spec.template.metadata.labels").getMap());
    JsonObject monitor = only(objects, "ServiceMonitor");
    JsonObject endpoint = monitor.getJsonObject("spec").getJsonArray("endpoints").getJsonObject(0);
    assertThat(endpoint.getString("port")).isEqualTo("management");
    assertThat(endpoint.getString("path")).isEqualTo("/metrics");
    assertThat(serviceObject.getJsonObject("metadata").getJsonObject("labels").getMap())
        .containsAllEntriesOf(at(monitor, "spec.selector.matchLabels").getMap());

    JsonObject policy = only(objects, "NetworkPolicy");
    for (Object rule : policy.getJsonObject("spec").getJsonArray("egress")) {
      for (Object to : ((JsonObject) rule).getJsonArray("to")) {
        JsonObject selector = ((JsonObject) to).getJsonObject("podSelector");
        if (selector != null && selector.getJsonObject("matchLabels") != null) {
          assertThat(selector.getJsonObject("matchLabels").fieldNames()).as("egress selects other pods than ours")
              .doesNotContain("app.kubernetes.io/name");
        }
      }
    }
    JsonObject cluster = only(objects, "Cluster");
    assertThat(cluster.getString("apiVersion")).startsWith("postgresql.cnpg.io/");
    int maxConnections = Integer.parseInt(at(cluster, "spec.postgresql.parameters").getString("max_connections"));
    int replicas = at(only(objects, "HorizontalPodAutoscaler"), "spec").getInteger("maxReplicas");
    assertThat(replicas * Database.connectionsPerReplica(config) + RESERVED_CONNECTIONS)
        .as("every replica's pools at the autoscaler's maximum fit in max_connections").isLessThanOrEqualTo(maxConnections);
    assertThat(only(objects, "RedisSentinel").getString("apiVersion")).startsWith("redis.redis.opstreelabs.in/");
    only(objects, "PodDisruptionBudget");
    assertEveryMetricIsExported(objects);
  }

  /** Every series that the alerts and the dashboard query is one the running service exports. */
  private static void assertEveryMetricIsExported(List<JsonObject> objects) {
    Http http = service.http();
    http.putJson("/v1/collections/k8s", new JsonObject());
    String path = "/v1/collections/k8s/items/" + http.postJson("/v1/collections/k8s/items", new JsonObject()).json().getString("id");
    String link = http.delete(path).header("Link");
    http.post(link.substring(1, link.indexOf('>')));
    String scrape = service.management().get("/metrics").body();

    StringBuilder queries = new StringBuilder();
    only(objects, "PrometheusRule").getJsonObject("spec").getJsonArray("groups").forEach(group ->
        ((JsonObject) group).getJsonArray("rules").forEach(rule -> queries.append(((JsonObject) rule).getString("expr")).append('\n')));
    JsonObject dashboard = new JsonObject(named(objects, "ConfigMap", "undo-service-dashboard")
        .getJsonObject("data").getString("undo-service.json"));
    dashboard.getJsonArray("panels").forEach(panel ->
        ((JsonObject) panel).getJsonArray("targets").forEach(t -> queries.append(((JsonObject) t).getString("expr")).append('\n')));

    Matcher metric = Pattern.compile("\\b((?:undo|vertx)_[a-z_]+)\\b").matcher(queries);
    Set<String> names = new HashSet<>();
    while (metric.find()) {
      names.add(metric.group(1));
    }
    assertThat(names).isNotEmpty().allSatisfy(name ->
        assertThat(scrape).as("the service exports %s", name).containsPattern("(?m)^" + name + "[{ ]"));
  }
}
