package dev.undo.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.ServiceProcess;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/undo-service.jar} with a setting it cannot use: it exits with status 1 and
 * says what to fix in one line, with no stack trace; and a start says which file it read.
 */
class StartupRefusalIT {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir
  Path dataDir;

  @Test
  void aBadValueIsOneLineNamingItsVariable() {
    assertRefused(Map.of("UNDO_DB_POOL_SIZE", "eight"), "UNDO_DB_POOL_SIZE (database.poolSize) must be a whole number, was 'eight'");
  }

  @Test
  void aMisspelledVariableIsOneLineNamingTheSettingItWasMeantToBe() {
    assertRefused(Map.of("UNDO_REDIS_ULR", "redis://localhost"), "environment variable UNDO_REDIS_ULR (did you mean UNDO_REDIS_URL?)");
  }

  @Test
  void aLogFormatThatNamesNoAppenderIsOneLineOnStandardError() {
    assertRefused(Map.of("UNDO_LOG_FORMAT", "jsn"), "UNDO_LOG_FORMAT must be plain or json, was 'jsn'");
  }

  @Test
  void aConfigurationFileThatIsNotThereIsOneLine() {
    assertRefused(Map.of("UNDO_CONFIG", "/nowhere/config.yaml"), "UNDO_CONFIG names /nowhere/config.yaml, which is not a file");
  }

  @Test
  void aPortInUseIsOneLineNamingThePortAndItsVariable() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      int port = taken.getLocalPort();
      List<String> lines = assertRefused(Map.of("UNDO_HTTP_PORT", String.valueOf(port)),
          "cannot listen on 127.0.0.1:" + port + " (UNDO_HTTP_PORT)");
      assertThat(lines).anySatisfy(line -> assertThat(line).contains("Configuration: file ").contains("conf/config.yaml"));
    }
  }

  private List<String> assertRefused(Map<String, String> settings, String reason) {
    try (ServiceProcess service = ServiceProcess.embedded(dataDir, settings)) {
      assertThat(service.awaitExit(EXIT)).as(service.output()).isEqualTo(1);
      List<String> lines = service.lines();
      assertThat(lines).as(service.output())
          .filteredOn(line -> line.contains("did not start"))
          .singleElement().satisfies(line -> assertThat(line).contains(reason));
      assertThat(lines).as(service.output()).noneSatisfy(line -> assertThat(line).containsAnyOf("\tat ", "Exception"));
      return lines;
    }
  }
}
