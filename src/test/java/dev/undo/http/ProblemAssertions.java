package dev.undo.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.undo.support.Http;
import io.vertx.core.json.JsonObject;

/** What every error answer must be: RFC 9457 problem+json with type, title, status and detail. */
final class ProblemAssertions {
  private ProblemAssertions() {}

  static JsonObject assertProblem(Http.Response response, int status) {
    assertThat(response.status()).as(response.toString()).isEqualTo(status);
    assertThat(response.contentType()).isEqualTo("application/problem+json");
    JsonObject problem = response.json();
    assertThat(problem.getString("type")).startsWith("urn:undo:problem:");
    assertThat(problem.getString("title")).isNotBlank();
    assertThat(problem.getInteger("status")).isEqualTo(status);
    assertThat(problem.getString("detail")).isNotBlank();
    assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    return problem;
  }
}
