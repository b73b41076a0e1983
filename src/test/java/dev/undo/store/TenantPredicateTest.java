package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Defence in depth for tenant isolation, in place of row-level security: every statement the service
 * runs (src/main/resources/sql) and every function they call (the R__ migrations) is read, and each
 * use of a table that holds tenant data must be tied to the caller's tenant: {@code alias.tenant_id =}
 * the tenant parameter ({@code $1}, {@code p_tenant}) or another such row's {@code tenant_id}, and an
 * INSERT must write {@code tenant_id}. Statements and functions that take no tenant are the
 * background's (purge, partitions, the tombstone mover, the feed relay's list of tenants): each is
 * named below with why, so that a new one cannot slip in unnoticed.
 *
 * <p>Why not row-level security: request statements are pipelined on shared connections, so a
 * per-request {@code SET} of the tenant would cost a round trip and could leak to the next statement
 * on the connection; a policy on a setting made inside the statement depends on an evaluation order
 * SQL does not promise. The tenant is an argument of every statement instead, and this test holds
 * every statement to using it. It reads SQL with patterns, not a parser: a predicate in the wrong
 * subquery would pass; the tenant isolation suite over HTTP (TenantIsolationTest) is the other half.
 */
class TenantPredicateTest {
  private static final Set<String> TENANT_TABLES = Set.of("items", "item_history", "deletions", "collections",
      "collection_references", "item_references", "unique_keys", "holds", "erasures", "events");

  /** What takes no tenant, and why that is right. */
  private static final Map<String, String> FOR_EVERY_TENANT = Map.ofEntries(
      Map.entry("sql/events-tenants.sql", "the Redis relay's list of tenants whose feeds it relays"),
      Map.entry("sql/tombstones-move.sql", "the background move of every tenant's closed tombstones into history"),
      Map.entry("sql/purge-keep-held.sql", "the purge's step that keeps every held item's rows out of what it drops"),
      Map.entry("function undo_item_event", "the outbox trigger: the tenant is the changed row's own"),
      Map.entry("function undo_premake_history_partitions", "partitions are made for the retentions of every tenant's collections"));

  private static final Pattern FUNCTION = Pattern.compile(
      "CREATE OR REPLACE FUNCTION (\\w+)\\((.*?)\\)\\s*RETURNS.*?AS (\\$\\w*\\$)(.*?)\\3", Pattern.DOTALL);
  private static final Pattern TABLE_USE = Pattern.compile(
      "\\b(FROM|JOIN|UPDATE|INTO)\\s+(?:ONLY\\s+)?(\\w+)\\b(?:\\s+(?:AS\\s+)?(\\w+))?", Pattern.CASE_INSENSITIVE);
  private static final Set<String> NOT_ALIASES = Set.of("where", "set", "on", "using", "join", "left", "right", "inner",
      "cross", "order", "group", "limit", "returning", "for", "union", "values", "select", "with", "natural", "full",
      "window", "having", "offset", "except", "intersect", "default", "overriding", "lateral", "tablesample");

  private record Unit(String name, String sql, boolean takesTenant) {}

  @Test
  void everyUseOfTenantDataIsTiedToTheCallersTenant() throws IOException {
    Map<String, List<String>> untied = new TreeMap<>();
    List<String> tenantless = new ArrayList<>();
    for (Unit unit : units()) {
      if (!unit.takesTenant()) {
        if (!FOR_EVERY_TENANT.containsKey(unit.name()) && usesTenantData(unit.sql())) {
          tenantless.add(unit.name());
        }
        continue;
      }
      List<String> missing = untiedUses(unit.sql());
      if (!missing.isEmpty()) {
        untied.put(unit.name(), missing);
      }
    }
    assertThat(tenantless).as("statements and functions that read tenant data but take no tenant").isEmpty();
    assertThat(untied).as("uses of tenant tables without a tenant predicate").isEmpty();
  }

  @Test
  void theCheckFindsAMissingPredicate() {
    assertThat(untiedUses("SELECT i.data FROM items i WHERE i.id = $2")).containsExactly("items i");
    assertThat(untiedUses("SELECT i.data FROM items i WHERE i.tenant_id = $1 AND i.id = $2")).isEmpty();
    assertThat(untiedUses("UPDATE items SET data = $3 WHERE id = $2")).containsExactly("items");
    assertThat(untiedUses("SELECT 1 FROM items WHERE tenant_id = $1 UNION ALL SELECT 1 FROM item_history WHERE id = $2"))
        .containsExactly("item_history");
    assertThat(untiedUses("INSERT INTO holds (item_id, reason) VALUES ($2, $3)")).containsExactly("holds");
    assertThat(untiedUses("INSERT INTO holds (tenant_id, item_id) VALUES (p_tenant, $2)")).isEmpty();
    assertThat(untiedUses("INSERT INTO holds AS k (tenant_id, item_id) VALUES (p_tenant, $2)")).isEmpty();
    assertThat(untiedUses("SELECT 1 FROM items i JOIN deletions d ON d.id = i.deletion_id WHERE i.tenant_id = $1"))
        .containsExactly("deletions d");
    assertThat(untiedUses("SELECT 1 FROM items i JOIN deletions d ON d.tenant_id = i.tenant_id WHERE i.tenant_id = $1")).isEmpty();
  }

  @Test
  void everyExemptionIsOfATenantlessUseOfTenantData() throws IOException {
    Set<String> needed = new java.util.TreeSet<>();
    units().stream().filter(unit -> !unit.takesTenant() && usesTenantData(unit.sql())).forEach(unit -> needed.add(unit.name()));
    assertThat(needed).isEqualTo(new java.util.TreeSet<>(FOR_EVERY_TENANT.keySet()));
  }

  private static List<Unit> units() throws IOException {
    List<Unit> units = new ArrayList<>();
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/sql"))) {
      for (Path file : files.sorted().toList()) {
        String text = Files.readString(file);
        units.add(new Unit("sql/" + file.getFileName(), withoutComments(text), text.contains("$1 tenant")));
      }
    }
    try (Stream<Path> files = Files.list(Path.of("src/main/resources/db/migration"))) {
      for (Path file : files.filter(f -> f.getFileName().toString().startsWith("R__")).sorted().toList()) {
        Matcher function = FUNCTION.matcher(withoutComments(Files.readString(file)));
        while (function.find()) {
          units.add(new Unit("function " + function.group(1), function.group(4), function.group(2).contains("p_tenant")));
        }
      }
    }
    return units;
  }

  private static String withoutComments(String sql) {
    return sql.replaceAll("--[^\n]*", "");
  }

  private static boolean usesTenantData(String sql) {
    Matcher use = TABLE_USE.matcher(sql);
    while (use.find()) {
      if (TENANT_TABLES.contains(use.group(2).toLowerCase())) {
        return true;
      }
    }
    return false;
  }

  /** Each use of a tenant table in the SQL with no predicate tying it to the tenant: "table alias". */
  static List<String> untiedUses(String sql) {
    List<String> untied = new ArrayList<>();
    List<Integer> starts = new ArrayList<>();
    Matcher any = TABLE_USE.matcher(sql);
    while (any.find()) {
      starts.add(any.start());
    }
    starts.add(sql.length());
    Matcher use = TABLE_USE.matcher(sql);
    for (int i = 0; use.find(); i++) {
      // An unaliased table's predicate is in its own clause: up to the next table's use.
      String clause = sql.substring(use.end(), starts.get(i + 1));
      String table = use.group(2).toLowerCase();
      if (!TENANT_TABLES.contains(table)) {
        continue;
      }
      if (use.group(1).equalsIgnoreCase("INTO")) {
        String columns = sql.substring(use.end(2)).stripLeading().replaceFirst("^(?i)AS\\s+\\w+\\s*", "");
        if (!(columns.startsWith("(") && columns.substring(0, columns.indexOf(')')).contains("tenant_id"))) {
          untied.add(table);
        }
        continue;
      }
      String alias = use.group(3) == null || NOT_ALIASES.contains(use.group(3).toLowerCase()) ? null : use.group(3);
      String column = Pattern.quote(alias == null ? table : alias) + "\\.tenant_id";
      String tenant = "(\\$1\\b|p_tenant\\b|\\w+\\.tenant_id\\b)";
      boolean tied = Pattern.compile("\\b" + column + "\\s*=\\s*" + tenant + "|" + tenant + "\\s*=\\s*" + column
              + "|\\(\\s*" + column + "\\s*,", Pattern.CASE_INSENSITIVE).matcher(sql).find()
          || alias == null && Pattern.compile("(?<![.\\w])tenant_id\\s*=\\s*(\\$1\\b|p_tenant\\b)", Pattern.CASE_INSENSITIVE)
              .matcher(clause).find();
      if (!tied) {
        untied.add(alias == null ? table : table + " " + alias);
      }
    }
    return untied;
  }
}
