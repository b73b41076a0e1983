package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RawHttp;
import dev.undo.support.RunningService;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Neither port speaks h2c: an upgrade request is answered in HTTP/1.1 as if it had not asked, and a
 * prior-knowledge HTTP/2 preface is not HTTP/1.1. (The JDK client asks for h2c by default; over h2c,
 * large /metrics bodies reached it outside HTTP/2 frames and broke the read.)
 */
class NoCleartextHttp2Test {
  @RegisterExtension
  static RunningService service = new RunningService();

  private static final String UPGRADE = "Host: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
      + "HTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n";

  @Test
  void anUpgradeToH2cIsAnsweredInHttp11OnBothPorts() {
    RawHttp.Response api = RawHttp.exchange(service.port(), "GET /v1/collections HTTP/1.1\r\n" + UPGRADE);
    assertThat(api.statusLine()).startsWith("HTTP/1.1 200");
    RawHttp.Response metrics = RawHttp.exchange(service.application().managementPort(), "GET /metrics HTTP/1.1\r\n" + UPGRADE);
    assertThat(metrics.statusLine()).startsWith("HTTP/1.1 200");
    assertThat(metrics.body()).contains("vertx_http_server_response_time_seconds");
    assertThat(metrics.header("Upgrade")).isNull();
  }

  @Test
  void aPriorKnowledgePrefaceIsNotTakenAsHttp2() throws Exception {
    for (int port : new int[] {service.port(), service.application().managementPort()}) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5000);
        socket.getOutputStream().write("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] answer = socket.getInputStream().readNBytes(9);
        // An HTTP/2 server answers with a binary SETTINGS frame (its length, then type 4); these answer
        // in HTTP/1 text: the API 505 problem+json, the management port Vert.x's own 501.
        assertThat(new String(answer, StandardCharsets.US_ASCII)).as("port " + port).startsWith("HTTP/");
        assertThat(answer[3]).as("port " + port).isNotEqualTo((byte) 4);
      }
    }
  }
}
