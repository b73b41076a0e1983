package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RawHttp;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Clients that send slowly or not at all do not hold connections for good. */
class ConnectionDeadlineTest {
  @RegisterExtension
  static RunningService service = new RunningService(new JsonObject()
      .put("UNDO_HTTP_REQUEST_TIMEOUT", "PT1S")
      .put("UNDO_HTTP_IDLE_TIMEOUT", "PT2S"));

  /** Reads what the server sends until it closes the connection, for at most {@code millis}. */
  private static String readUntilClosed(Socket socket, long millis) throws Exception {
    socket.setSoTimeout((int) millis);
    InputStream in = socket.getInputStream();
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aHeadTrickledByteByByteGets408AndIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", service.port())) {
      OutputStream out = socket.getOutputStream();
      long started = System.nanoTime();
      String head = "GET /v1/collections HTTP/1.1\r\nHost: x\r\nX-Slow: ";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // A byte every 200 ms for 0.6 s, well inside the head's deadline (1 s): the idle timeout (2 s
      // after the last byte) cannot fire before 2.6 s, the deadline fires at 1 s. Writing stops
      // before it: a byte that reaches the server after it has closed makes its kernel answer with a
      // reset, which can discard the 408 before this side reads it.
      for (int i = 0; i < 3; i++) {
        Thread.sleep(200);
        out.write('a');
        out.flush();
      }
      String answer = readUntilClosed(socket, 3000);
      assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("\"status\":408");
      assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2500);
    }
  }

  @Test
  void aBodyThatStopsGets408AndIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", service.port())) {
      socket.getOutputStream().write(("PUT /v1/collections/slow HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"undoWindow\"").getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String answer = readUntilClosed(socket, 5000);
      assertThat(answer).startsWith("HTTP/1.1 408").contains("application/problem+json").contains("did not arrive");
    }
    assertThat(service.http().get("/v1/collections/slow").status()).isEqualTo(404);
  }

  @Test
  void anIdleConnectionIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", service.port())) {
      socket.getOutputStream().write("GET /v1/collections HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long started = System.nanoTime();
      String answered = readUntilClosed(socket, 6000);
      assertThat(answered).startsWith("HTTP/1.1 200");
      assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1500L, 4000L);
    }
  }

  @Test
  void aConnectionThatSendsNothingIsClosed() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", service.port())) {
      long started = System.nanoTime();
      assertThat(readUntilClosed(socket, 6000)).isEmpty();
      assertThat((System.nanoTime() - started) / 1_000_000).isBetween(1500L, 4000L);
    }
  }

  @Test
  void aRequestWithinItsDeadlineIsAnsweredAsUsual() {
    RawHttp.Response response = RawHttp.exchange(service.port(), "GET /v1/collections HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.closed()).isFalse();
  }
}
