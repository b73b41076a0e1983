package dev.undo.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RunningService;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every SQL function of the service that computes a value from its arguments (reads no table) is
 * inlined into the statement that calls it. One that is not (declared IMMUTABLE over a STABLE body,
 * say) runs as a function of its own, whose body is planned again at every execution of the calling
 * statement: undo_window_end cost the toast cycle about 55 µs of PostgreSQL's CPU that way.
 */
class SqlFunctionInliningTest {
  @RegisterExtension
  static final RunningService service = new RunningService();

  @Test
  void everyExpressionFunctionIsInlined() {
    List<Map<String, Object>> functions = service.sql(
        "SELECT p.proname AS name, (SELECT string_agg(format_type(t, NULL), ',' ORDER BY n)"
            + " FROM unnest(p.proargtypes::oid[]) WITH ORDINALITY AS a(t, n)) AS args"
            + " FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang"
            + " WHERE p.pronamespace = current_schema()::regnamespace AND l.lanname = 'sql' AND NOT p.proretset"
            + " AND p.prorettype <> 'void'::regtype AND p.proname LIKE 'undo\\_%'"
            // A query (a body that reads a table) is never inlined; an expression can be.
            + " AND p.prosrc !~* '\\mfrom\\M'");
    assertThat(functions).extracting(f -> f.get("name")).contains("undo_window_end", "undo_digest");
    List<String> notInlined = new ArrayList<>();
    for (Map<String, Object> function : functions) {
      String name = (String) function.get("name");
      String[] types = function.get("args") == null ? new String[0] : ((String) function.get("args")).split(",");
      // Arguments from a materialized row, so that nothing is folded into a constant before inlining.
      List<String> columns = new ArrayList<>();
      List<String> arguments = new ArrayList<>();
      for (int i = 0; i < types.length; i++) {
        columns.add("NULL::" + types[i] + " AS a" + i);
        arguments.add("r.a" + i);
      }
      String call = "WITH r AS MATERIALIZED (SELECT " + (columns.isEmpty() ? "1" : String.join(", ", columns)) + ")"
          + " SELECT " + name + "(" + String.join(", ", arguments) + ") FROM r";
      String plan = new JsonArray(service.sqlValue("EXPLAIN (VERBOSE, FORMAT JSON) " + call).toString()).encode();
      if (plan.contains(name + "(")) {
        notInlined.add(name + ": " + plan);
      }
    }
    assertThat(notInlined).as("SQL functions PostgreSQL runs as calls of their own").isEmpty();
  }
}
