package dev.undo.http;

import dev.undo.support.Http;
import io.vertx.core.json.JsonObject;

/** {@link ProblemAssertions} for tests outside this package. */
public final class ProblemsForTests {
  private ProblemsForTests() {}

  public static JsonObject assertProblem(Http.Response response, int status) {
    return ProblemAssertions.assertProblem(response, status);
  }
}
