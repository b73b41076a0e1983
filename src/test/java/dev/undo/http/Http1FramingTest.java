package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.RawHttp;
import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9112 framing over raw sockets: a request whose body length could be read two ways is
 * refused and its connection closed (request smuggling), and what the HTTP layer refuses is
 * problem+json like everything else.
 */
class Http1FramingTest {
  @RegisterExtension
  static RunningService service = new RunningService();

  private static final String POST = "POST /v1/collections/notes/items HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

  @BeforeAll
  static void collection() {
    service.http().putJson("/v1/collections/notes", new JsonObject());
  }

  private static RawHttp.Response send(String request) {
    return RawHttp.exchange(service.port(), request);
  }

  private static void assertRefusedAndClosed(RawHttp.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.isProblem()).as(response.toString()).isTrue();
    assertThat(response.closed()).as("the connection is closed after " + response).isTrue();
  }

  @Test
  void contentLengthWithTransferEncodingIsRefusedAndTheConnectionClosed() {
    assertRefusedAndClosed(send(POST + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400);
    assertRefusedAndClosed(send(POST.replace("HTTP/1.1", "HTTP/1.0") + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400);
  }

  @Test
  void aTransferEncodingThatDoesNotEndInChunkedIsRefusedAndTheConnectionClosed() {
    assertRefusedAndClosed(send(POST + "Transfer-Encoding: chunked, identity\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400);
    assertRefusedAndClosed(send(POST + "Transfer-Encoding: gzip\r\n\r\n"), 400);
    assertRefusedAndClosed(send(POST + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400);
  }

  @Test
  void aTransferCodingBeforeChunkedIsRefusedAndTheConnectionClosed() {
    assertRefusedAndClosed(send(POST + "Transfer-Encoding: gzip, chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), 400);
  }

  @Test
  void chunkedAloneIsRead() {
    RawHttp.Response created = send(POST + "Transfer-Encoding: chunked\r\n\r\n7\r\n{\"a\":1}\r\n0\r\n\r\n");
    assertThat(created.status()).as(created.toString()).isEqualTo(201);
    assertThat(created.closed()).isFalse();
  }

  @Test
  void twoHostHeadersAreRefusedAndTheConnectionClosed() {
    assertRefusedAndClosed(send("GET /v1/collections HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), 400);
  }

  @Test
  void aHigherMinorVersionIsServedAsHttp11AndAnotherMajorVersionIs505() {
    RawHttp.Response minor = send("GET /v1/collections HTTP/1.9\r\nHost: a\r\n\r\n");
    assertThat(minor.statusLine()).startsWith("HTTP/1.1 200");
    assertRefusedAndClosed(send("GET /v1/collections HTTP/2.0\r\nHost: a\r\n\r\n"), 505);
    assertRefusedAndClosed(send("GET /v1/collections HTTP/9.9\r\nHost: a\r\n\r\n"), 505);
  }

  @Test
  void whatTheHttpLayerRefusesIsProblemJson() {
    assertRefusedAndClosed(send("GET /v1/collections HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n"), 431);
    StringBuilder many = new StringBuilder("GET /v1/collections HTTP/1.1\r\nHost: x\r\n");
    for (int i = 0; i < 2000; i++) {
      many.append("X-").append(i).append(": y\r\n");
    }
    assertRefusedAndClosed(send(many + "\r\n"), 431);
    assertRefusedAndClosed(send("GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n"), 414);
    assertRefusedAndClosed(send(POST + "Content-Length: abc\r\n\r\n"), 400);
    assertRefusedAndClosed(send(POST + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}"), 400);
    assertRefusedAndClosed(send("GET /v1/collections HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"), 400);
    assertRefusedAndClosed(send("GET /v1/collections\r\n\r\n"), 400);
    assertRefusedAndClosed(send("\u0001\u0002garbage\r\n\r\n"), 400);
  }

  @Test
  void aMalformedPercentEncodingIsProblemJson() {
    RawHttp.Response response = send("GET /v1/collections/notes/items?cursor=%%%x HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.isProblem()).as(response.toString()).isTrue();
  }

  @Test
  void anEmptyElementOfIfMatchIsSkipped() {
    String id = service.http().postJson("/v1/collections/notes/items", new JsonObject().put("v", 1)).json().getString("id");
    String path = "/v1/collections/notes/items/" + id;
    assertThat(service.http().request("PUT", path).header("If-Match", ", \"1\"").json(new JsonObject().put("v", 2)).send().status())
        .isEqualTo(200);
    assertThat(service.http().request("PUT", path).header("If-Match", "\"7\",, \"2\" ,").json(new JsonObject().put("v", 3)).send().status())
        .isEqualTo(200);
    assertThat(service.http().request("PUT", path).header("If-Match", ",").json(new JsonObject()).send().status()).isEqualTo(400);
    assertThat(service.http().request("PUT", path).header("If-Match", "\"3\" \"4\"").json(new JsonObject()).send().status()).isEqualTo(400);
  }
}
