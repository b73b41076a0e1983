package dev.undo.model;

import dev.undo.support.RunningService;
import org.junit.jupiter.api.extension.RegisterExtension;

class CaffeineModelBasedTest extends ModelBasedTestBase {
  @RegisterExtension
  static final RunningService service = new RunningService();

  @Override
  protected RunningService service() {
    return service;
  }
}
