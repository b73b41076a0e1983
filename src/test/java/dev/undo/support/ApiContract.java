package dev.undo.support;

import dev.undo.http.OpenApiDocument;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The service's OpenAPI document (openapi.yaml) as the tests hold every answer to it: each response
 * {@link Http} receives from an operation of the document is validated, status, headers and body
 * (vertx-openapi's response validator), and a mismatch fails the test that received it. Paths the
 * document does not describe (a 404 for a route nobody serves, the demo's pages) are left alone;
 * OpenApiDocumentTest checks that every route of the router is described.
 */
public final class ApiContract {
  private static final Vertx VERTX = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
  private static final String PROBLEM = "application/problem+json";
  private static final JsonObject DOCUMENT = OpenApiDocument.json();
  /**
   * The document as vertx-openapi 5.0 takes it. It refuses media types it does not know, among them
   * application/problem+json and application/merge-patch+json, so its copy names them
   * application/json, and text/event-stream, which its copy names text/plain; and it reads a response header's value as JSON (an ETag {@code "3"} becomes
   * 3, a Link cannot be read), so its copy has no response headers. {@link #check} compares the
   * media type of each answer and its headers with the document's own.
   */
  private static final OpenAPIContract CONTRACT = await(OpenAPIContract.from(VERTX,
      withoutHeaders(new JsonObject(DOCUMENT.encode().replaceAll("\"application/[a-z.-]+\\+json\":", "\"application/json\":")
          .replace("\"text/event-stream\":", "\"text/plain\":")))));
  private static final ResponseValidator VALIDATOR = ResponseValidator.create(VERTX, CONTRACT);

  private ApiContract() {}

  public static OpenAPIContract contract() {
    return CONTRACT;
  }

  /** Fails with what differs when the response breaks the document; does nothing for paths it does not describe. */
  public static void check(HttpResponse<String> response) {
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
    check(response.request().method(), response.uri().getRawPath(), response.statusCode(), headers, response.body());
  }

  /** As above, for an answer given in parts; {@code headers} are looked up without regard to case. */
  public static void check(String method, String path, int status, Map<String, String> headers, String body) {
    if (method.equals("HEAD") || method.equals("OPTIONS")) {
      return;
    }
    Operation operation = CONTRACT.findOperation(path, HttpMethod.valueOf(method));
    if (operation == null) {
      return;
    }
    if (nesting(body) >= VALIDATOR_MAX_NESTING) {
      // Items stored before the depth limit may nest 1,000 levels (JsonDepthTest reads them on
      // purpose); the validator's JSON parser stops there (Jackson's default StreamReadConstraints).
      return;
    }
    String contentType = headers.get("content-type");
    if (body != null && !body.isEmpty()) {
      Set<String> declared = mediaTypes(operation, status);
      if (!declared.contains(contentType)) {
        throw new AssertionError("the answer to " + method + " " + path + " is " + status + " " + contentType
            + ", and openapi.yaml says " + declared + " for it: " + body);
      }
      contentType = contentType.equals(PROBLEM) ? "application/json" : contentType;
    }
    checkHeaders(operation, status, headers, method + " " + path);
    ValidatableResponse validatable = body == null || body.isEmpty()
        ? ValidatableResponse.create(status, headers)
        : ValidatableResponse.create(status, headers, Buffer.buffer(body), contentType);
    try {
      await(VALIDATOR.validate(validatable, operation.getOperationId()));
    } catch (AssertionError e) {
      throw new AssertionError("the answer to " + method + " " + path + " (" + operation.getOperationId() + ") breaks openapi.yaml: "
          + e.getMessage() + "\n" + status + " " + headers + " " + body, e.getCause());
    }
  }

  private static final int VALIDATOR_MAX_NESTING = 1000;

  /** How deep a JSON text's objects and arrays nest. */
  private static int nesting(String json) {
    if (json == null) {
      return 0;
    }
    int depth = 0;
    int deepest = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{' || c == '[') {
        deepest = Math.max(deepest, ++depth);
      } else if (c == '}' || c == ']') {
        depth--;
      }
    }
    return deepest;
  }

  /** The media types the document gives an operation's answer of this status (or its default answer). */
  private static Set<String> mediaTypes(Operation operation, int status) {
    JsonObject answer = answer(operation, status);
    JsonObject content = answer == null ? null : answer.getJsonObject("content");
    return content == null ? Set.of() : content.fieldNames();
  }

  /** Each header the document gives the answer: present when required, and as its pattern or const says. */
  private static void checkHeaders(Operation operation, int status, Map<String, String> headers, String request) {
    JsonObject answer = answer(operation, status);
    JsonObject declared = answer == null ? null : answer.getJsonObject("headers");
    if (declared == null) {
      return;
    }
    for (String name : declared.fieldNames()) {
      JsonObject header = resolve(declared.getJsonObject(name), "headers");
      String value = headers.get(name);
      if (value == null) {
        if (header.getBoolean("required", false)) {
          throw new AssertionError("the answer to " + request + " (" + status + ") lacks the header " + name + " that openapi.yaml requires: " + headers);
        }
        continue;
      }
      JsonObject schema = header.getJsonObject("schema", new JsonObject());
      String pattern = schema.getString("pattern");
      String constant = schema.getString("const");
      if ((pattern != null && !java.util.regex.Pattern.compile(pattern).matcher(value).find()) || (constant != null && !constant.equals(value))) {
        throw new AssertionError("the answer to " + request + " (" + status + ") has " + name + ": " + value + ", which openapi.yaml does not allow: " + schema);
      }
    }
  }

  private static JsonObject answer(Operation operation, int status) {
    JsonObject responses = DOCUMENT.getJsonObject("paths").getJsonObject(operation.getOpenAPIPath())
        .getJsonObject(operation.getHttpMethod().name().toLowerCase(java.util.Locale.ROOT)).getJsonObject("responses");
    JsonObject answer = responses.getJsonObject(String.valueOf(status), responses.getJsonObject("default"));
    return answer == null ? null : resolve(answer, "responses");
  }

  private static JsonObject resolve(JsonObject object, String kind) {
    String ref = object.getString("$ref");
    return ref == null ? object : DOCUMENT.getJsonObject("components").getJsonObject(kind).getJsonObject(ref.substring(ref.lastIndexOf('/') + 1));
  }

  private static JsonObject withoutHeaders(JsonObject document) {
    document.getJsonObject("components").remove("headers");
    for (JsonObject response : responsesOf(document)) {
      response.remove("headers");
    }
    return document;
  }

  private static java.util.List<JsonObject> responsesOf(JsonObject document) {
    java.util.List<JsonObject> responses = new java.util.ArrayList<>();
    JsonObject shared = document.getJsonObject("components").getJsonObject("responses");
    shared.fieldNames().forEach(name -> responses.add(shared.getJsonObject(name)));
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("responses")) {
          JsonObject byStatus = operation.getJsonObject("responses");
          byStatus.fieldNames().forEach(status -> responses.add(byStatus.getJsonObject(status)));
        }
      }
    }
    return responses;
  }

  private static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError(e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e.toString(), e);
    }
  }
}
