package dev.undo.support;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A blocking HTTP client for tests: requests are built in a line and answers read as JSON. */
public final class Http {
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final Duration timeout;
  private final String authorization;

  public Http(int port) {
    this(port, Duration.ofSeconds(30));
  }

  /** A client that gives up on an answer after {@code timeout} (an {@link java.net.http.HttpTimeoutException}). */
  public Http(int port, Duration timeout) {
    this("http://localhost:" + port, timeout, null);
  }

  private Http(String base, Duration timeout, String authorization) {
    this.base = base;
    this.timeout = timeout;
    this.authorization = authorization;
  }

  /** The same client, sending {@code Authorization: Bearer token} with every request. */
  public Http withToken(String token) {
    return new Http(base, timeout, "Bearer " + token);
  }

  public Request request(String method, String path) {
    Request request = new Request(method, path);
    return authorization == null ? request : request.header("Authorization", authorization);
  }

  public Response get(String path) {
    return request("GET", path).send();
  }

  public Response delete(String path) {
    return request("DELETE", path).send();
  }

  public Response post(String path) {
    return request("POST", path).send();
  }

  public Response postJson(String path, Object body) {
    return request("POST", path).json(body).send();
  }

  public Response putJson(String path, Object body) {
    return request("PUT", path).json(body).send();
  }

  /** One request being built. */
  public final class Request {
    private final String method;
    private final String path;
    private final List<String> headers = new ArrayList<>();
    private HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();

    private Request(String method, String path) {
      this.method = method;
      this.path = path;
    }

    public Request header(String name, String value) {
      headers.add(name);
      headers.add(value);
      return this;
    }

    /** A JSON body: a JsonObject, a JsonArray, or a String sent as it is. */
    public Request json(Object value) {
      return body("application/json", value instanceof String text ? text : value.toString());
    }

    public Request body(String contentType, String text) {
      if (contentType != null) {
        header("Content-Type", contentType);
      }
      body = HttpRequest.BodyPublishers.ofString(text);
      return this;
    }

    public Request body(String contentType, byte[] bytes) {
      header("Content-Type", contentType);
      body = HttpRequest.BodyPublishers.ofByteArray(bytes);
      return this;
    }

    public Response send() {
      Response response = sendUnchecked();
      ApiContract.check(response.raw());
      return response;
    }

    /**
     * Without {@link ApiContract}'s check, for the many reads a long randomised test makes to compare
     * the service's state with its model (their shape is checked by the tests of those routes).
     */
    public Response sendUnchecked() {
      HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
          .timeout(timeout)
          .method(method, body);
      for (int i = 0; i < headers.size(); i += 2) {
        builder.header(headers.get(i), headers.get(i + 1));
      }
      try {
        return new Response(client.send(builder.build(), HttpResponse.BodyHandlers.ofString()));
      } catch (IOException e) {
        throw new UncheckedIOException(method + " " + path, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
  }

  /** An answer: status, headers, body. */
  public record Response(HttpResponse<String> raw) {
    public int status() {
      return raw.statusCode();
    }

    public String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }

    public String body() {
      return raw.body();
    }

    public JsonObject json() {
      return new JsonObject(raw.body());
    }

    public String contentType() {
      return header("Content-Type");
    }

    @Override
    public String toString() {
      return raw.request().method() + " " + raw.uri().getPath() + " -> " + raw.statusCode() + " " + raw.body();
    }
  }
}
