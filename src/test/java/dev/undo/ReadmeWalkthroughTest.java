package dev.undo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.undo.support.RunningService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's walkthrough, every bash block of it, run as printed (with the test service's port for
 * 8080) through bash and curl, so that the README cannot drift from what the service does. The
 * walkthrough sleeps past real 5-second windows, so the service runs on the system clock here.
 */
class ReadmeWalkthroughTest {
  @RegisterExtension
  static final RunningService service = RunningService.onSystemClock();

  @Test
  void theWalkthroughRunsAsPrinted() throws Exception {
    assumeTrue(onPath("bash") && onPath("curl") && onPath("sed"), "bash, curl and sed are needed to run the walkthrough");
    String readme = Files.readString(Path.of("README.md"));
    int section = readme.indexOf("## Walkthrough");
    int end = readme.indexOf("\n## ", section);
    StringBuilder blocks = new StringBuilder();
    for (int start = readme.indexOf("```bash\n", section); start >= 0 && start < end; start = readme.indexOf("```bash\n", start)) {
      start += "```bash\n".length();
      blocks.append(readme, start, readme.indexOf("```", start));
    }
    String script = blocks.toString().replace("localhost:8080", "localhost:" + service.port());
    Path file = Files.createTempFile("walkthrough", ".sh");
    Files.writeString(file, "set -euo pipefail\n" + script);

    Process bash = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true).start();
    assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.exitValue()).as(output).isZero();

    assertThat(output).contains("\"name\":\"todos\"", "\"undoWindow\":\"PT5S\"");
    assertThat(output).contains("HTTP/1.1 204 No Content", "rel=\"undo\"", "undo-expires:");
    assertThat(output).contains("\"status\":410", "\"undo\":{\"href\":\"/v1/undo/");
    assertThat(output).contains("HTTP/1.1 201 Created");
    assertThat(output).contains("HTTP/1.1 410 Gone", "\"expiredAt\"");
    assertThat(output.lines().filter(line -> line.startsWith("{\"versions\"")).findFirst().orElseThrow())
        .contains("\"version\":4", "\"version\":1");

    // Many items at once.
    assertThat(output).contains("\"count\":4", "undo: 201", "\"count\":3");
    String trash = output.lines().filter(line -> line.contains("an old idea")).findFirst().orElseThrow();
    assertThat(trash).as("the reply deleted on its own, alone in the trash").doesNotContain("trains", "hotel", "maps");
    assertThat(output).contains("undo after the window: 410", "restore: 201", "\"reason\":\"case 2026-114\"",
        "erase while held: 409", "release: 204", "erase: 204", "read after erasure: 404");
  }

  private static boolean onPath(String command) throws IOException, InterruptedException {
    Process which = new ProcessBuilder("sh", "-c", "command -v " + command).start();
    return which.waitFor(5, TimeUnit.SECONDS) && which.exitValue() == 0;
  }
}
