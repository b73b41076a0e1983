package dev.undo.http;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * An RFC 9457 problem: {@code type}, {@code title}, {@code status}, {@code detail} and, where
 * useful, extra members. The types are URNs: stable names, not pages to fetch.
 */
public record Problem(int status, ProblemType type, String detail, JsonObject extra) {
  static final String MEDIA_TYPE = "application/problem+json";

  public static Problem of(ProblemType type, String detail) {
    return of(type.status, type, detail);
  }

  static Problem of(int status, ProblemType type, String detail) {
    return new Problem(status, type, detail, new JsonObject());
  }

  Problem with(String member, Object value) {
    JsonObject members = extra.copy();
    members.put(member, value);
    return new Problem(status, type, detail, members);
  }

  /** Answers the problem with nothing else: for servers without the API's router (the management port). */
  public static void send(HttpServerResponse response, Problem problem) {
    response.setStatusCode(problem.status()).putHeader("content-type", MEDIA_TYPE).end(problem.toJson().toBuffer());
  }

  JsonObject toJson() {
    JsonObject json = new JsonObject()
        .put("type", type.uri())
        .put("title", type.title)
        .put("status", status)
        .put("detail", detail);
    json.mergeIn(extra);
    return json;
  }
}
