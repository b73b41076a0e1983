package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** README's table of problem types names every type the API can answer, with its status, and no other. */
class ProblemTypesTest {
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([a-z-]+)` \\| ([^|]+) \\|");

  @Test
  void theReadmeTableListsEveryProblemTypeWithItsStatus() throws IOException {
    String readme = Files.readString(Path.of("README.md"));
    String table = readme.substring(readme.indexOf("| `type` `urn:undo:problem:…`"));
    Matcher row = ROW.matcher(table.substring(0, table.indexOf("\n\n")));
    Map<String, String> documented = new java.util.LinkedHashMap<>();
    while (row.find()) {
      documented.put(row.group(1), row.group(2).trim());
    }
    Map<String, String> types = java.util.Arrays.stream(ProblemType.values()).collect(Collectors.toMap(
        type -> type.slug, type -> type == ProblemType.CLIENT_ERROR ? "other 4xx" : String.valueOf(type.status)));
    assertThat(documented).containsExactlyInAnyOrderEntriesOf(types);
  }
}
