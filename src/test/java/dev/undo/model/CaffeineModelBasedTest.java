package dev.undo.model;

import dev.undo.support.RunningService;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;

class CaffeineModelBasedTest extends ModelBasedTestBase {
  @RegisterExtension
  static final RunningService service = RunningService.withAsynchronousCommits(new JsonObject());

  @Override
  protected RunningService service() {
    return service;
  }
}
