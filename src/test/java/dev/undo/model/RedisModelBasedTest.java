package dev.undo.model;

import dev.undo.support.RunningService;
import dev.undo.support.TestRedis;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisModelBasedTest extends ModelBasedTestBase {
  @RegisterExtension
  static final RunningService service = RunningService.withAsynchronousCommits(
      new JsonObject().put("UNDO_REDIS_URL", TestRedis.shared().url()));

  @Override
  protected RunningService service() {
    return service;
  }
}
