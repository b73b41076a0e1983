package dev.undo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {
  @Test
  void defaultsMatchApiMd() {
    ServiceConfig config = ServiceConfig.from(new JsonObject());
    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.management().port()).isEqualTo(9090);
    assertThat(config.database().url()).isNull();
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.database().dataDir()).isEqualTo(Path.of("./data"));
    assertThat(config.http().bodyLimitBytes()).isEqualTo(1024 * 1024);
    assertThat(config.retention().premakeDays()).isEqualTo(7);
    assertThat(config.retention().partitionDays()).isEqualTo(7);
    assertThat(config.retention().purgeInterval()).isEqualTo(Duration.ofMinutes(1));
    assertThat(config.retention().lockTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.database().poolSize()).isEqualTo(8);
    assertThat(config.database().pipeliningLimit()).isEqualTo(8);
    assertThat(config.collections()).isEmpty();
  }

  @Test
  void environmentWinsOverTheFile() {
    JsonObject merged = new JsonObject()
        .put("http", new JsonObject().put("port", 1111).put("corsOrigins", new JsonArray().add("https://a.example")))
        .put("database", new JsonObject().put("url", "postgresql://file@db/x").put("dataDir", "/file"))
        .put("UNDO_HTTP_PORT", "2222")
        .put("UNDO_DATA_DIR", "/env")
        .put("UNDO_CORS_ORIGINS", "https://b.example, https://c.example");
    ServiceConfig config = ServiceConfig.from(merged);
    assertThat(config.http().port()).isEqualTo(2222);
    assertThat(config.database().url()).isEqualTo("postgresql://file@db/x");
    assertThat(config.database().dataDir()).isEqualTo(Path.of("/env"));
    assertThat(config.http().corsOrigins()).containsExactly("https://b.example", "https://c.example");
  }

  @Test
  void pipeliningLimitIsReadFromTheFileAndTheEnvironment() {
    JsonObject file = new JsonObject().put("database", new JsonObject().put("pipeliningLimit", 1));
    assertThat(ServiceConfig.from(file).database().pipeliningLimit()).isEqualTo(1);
    assertThat(ServiceConfig.from(file.copy().put("UNDO_DB_PIPELINING_LIMIT", "16")).database().pipeliningLimit()).isEqualTo(16);
  }

  @Test
  void collectionsAreReadFromTheFile() {
    JsonObject merged = new JsonObject().put("collections", new JsonArray()
        .add(new JsonObject().put("name", "notes"))
        .add(new JsonObject().put("name", "users").put("uniqueFields", new JsonArray().add("email"))
            .put("undoWindow", "PT1M").put("retention", "P30D")));
    ServiceConfig config = ServiceConfig.from(merged);
    assertThat(config.collections()).hasSize(2);
    assertThat(config.collections().get(0).settings().undoWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.collections().get(1).settings().uniqueFields()).containsExactly("email");
    assertThat(config.collections().get(1).settings().retention()).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void aDeclaredCollectionNamesItsTenantOrIsTheDefaultTenants() {
    ServiceConfig config = ServiceConfig.from(new JsonObject().put("collections", new JsonArray()
        .add(new JsonObject().put("name", "notes"))
        .add(new JsonObject().put("name", "notes").put("tenant", "acme").put("undoWindow", "PT1M"))));
    assertThat(config.collections()).extracting(DeclaredCollection::tenant).containsExactly("default", "acme");
    assertThat(config.collections().get(1).settings().undoWindow()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("collections", new JsonArray()
        .add(new JsonObject().put("name", "notes").put("tenant", "a b")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("collections[0]: tenant");
  }

  @Test
  void authIsNoneByDefaultAndJwtNeedsExactlyOneKeySource() {
    assertThat(ServiceConfig.from(new JsonObject()).auth().jwt()).isFalse();
    String secret = "0123456789abcdef0123456789abcdef";
    AuthConfig auth = ServiceConfig.from(new JsonObject().put("UNDO_AUTH", "jwt").put("UNDO_JWT_SECRET", secret)
        .put("UNDO_JWT_AUDIENCE", "a,b").put("UNDO_JWT_LEEWAY", "PT5S")).auth();
    assertThat(auth.jwt()).isTrue();
    assertThat(auth.audience()).containsExactly("a", "b");
    assertThat(auth.leeway()).isEqualTo(Duration.ofSeconds(5));
    assertThat(auth.tenantClaim()).isEqualTo("tenant");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_AUTH", "jwt")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("exactly one of UNDO_JWT_JWKS_URL");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_AUTH", "jwt").put("UNDO_JWT_SECRET", secret)
        .put("UNDO_JWT_JWKS_URL", "https://issuer.example/jwks.json")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("2 are set");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_AUTH", "jwt").put("UNDO_JWT_SECRET", "short")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("at least 32 bytes");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_AUTH", "oauth")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("none or jwt");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_JWT_SECRET", secret)))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_AUTH is none");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_AUTH", "jwt").put("UNDO_JWT_SECRET", secret)
        .put("UNDO_ACTOR_HEADER", "X-User")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("actor is the token's sub");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_AUTH", "jwt").put("UNDO_JWT_PUBLIC_KEY", "not a key")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_JWT_PUBLIC_KEY");
  }

  @Test
  void tenantLimitsAreOffByDefault() {
    TenantLimitsConfig none = ServiceConfig.from(new JsonObject()).tenants();
    assertThat(none.rateLimited()).isFalse();
    assertThat(none.maxOpenTickets()).isZero();
    TenantLimitsConfig set = ServiceConfig.from(new JsonObject().put("UNDO_TENANT_RATE", "100")
        .put("UNDO_TENANT_MAX_OPEN_TICKETS", "1000").put("UNDO_METRICS_TENANT_LABELS", "acme,globex")).tenants();
    assertThat(set.burst()).isEqualTo(200);
    assertThat(set.maxOpenTickets()).isEqualTo(1000);
    assertThat(set.metricLabels()).containsExactlyInAnyOrder("acme", "globex");
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_HTTP_PORT");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_HTTP_PORT", "70000")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_HTTP_PORT");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_DB_PIPELINING_LIMIT", "0")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_DB_PIPELINING_LIMIT").hasMessageContaining("from 1 to 256");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_PARTITION_DAYS", "32")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_PARTITION_DAYS").hasMessageContaining("from 1 to 31");
    assertThat(ServiceConfig.from(new JsonObject().put("retention", new JsonObject().put("partitionDays", 1))).retention().partitionDays()).isEqualTo(1);
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_TOKEN_KEY", "c2hvcnQ=")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_TOKEN_KEY");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_PURGE_INTERVAL", "soon")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("UNDO_PURGE_INTERVAL");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("collections",
        new JsonArray().add(new JsonObject().put("name", "Bad Name")))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("collections[0]");
  }

  @Test
  void aKeyOfTheFileThatNamesNoSettingIsRefusedWithTheNearestOne() {
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("http", new JsonObject().put("prot", 8080))))
        .isInstanceOf(ConfigException.class)
        .hasMessage("no such setting: key http.prot in the configuration file (did you mean http.port?)");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("databse", new JsonObject().put("url", "x"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("key databse in the configuration file");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("colour", "red")))
        .isInstanceOf(ConfigException.class).hasMessage("no such setting: key colour in the configuration file");
    // a scalar where a section belongs, and a section where a scalar belongs
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("http", new JsonObject().put("port", new JsonObject().put("a", 1)))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.port");
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("collections", "notes")))
        .isInstanceOf(ConfigException.class).hasMessageContaining("collections must be a list");
  }

  @Test
  void anUndoVariableThatNamesNoSettingIsRefusedWithTheNearestOne() {
    assertThatThrownBy(() -> ServiceConfig.from(new JsonObject().put("UNDO_HTTP_PROT", "8080").put("UNDO_REDIS_ULR", "redis://x")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("no such setting: environment variable UNDO_HTTP_PROT (did you mean UNDO_HTTP_PORT?);"
            + " environment variable UNDO_REDIS_ULR (did you mean UNDO_REDIS_URL?)");
  }

  @Test
  void everyVariableOfTheListAndEveryKeyOfTheShippedFileIsASetting() throws Exception {
    for (String variable : ServiceConfig.ENVIRONMENT) {
      try {
        ServiceConfig.from(new JsonObject().put(variable, "1"));
      } catch (ConfigException badValue) {
        assertThat(badValue.getMessage()).as(variable).doesNotStartWith("no such setting");
      }
    }
    JsonObject shipped = new JsonObject((java.util.Map<String, Object>) new org.yaml.snakeyaml.Yaml()
        .load(java.nio.file.Files.readString(Path.of("conf/config.yaml"))));
    assertThat(ServiceConfig.from(shipped).collections()).isNotEmpty();
  }

  @Test
  void theManagementPortListensWhereUndoManagementHostSaysOnAllInterfacesByDefault() {
    assertThat(ServiceConfig.from(new JsonObject()).management().host()).isEqualTo("0.0.0.0");
    assertThat(ServiceConfig.from(new JsonObject().put("UNDO_MANAGEMENT_HOST", "127.0.0.1")).management().host()).isEqualTo("127.0.0.1");
    assertThat(ServiceConfig.from(new JsonObject().put("UNDO_HTTP_HOST", "127.0.0.1")).management().host()).isEqualTo("0.0.0.0");
  }
}
