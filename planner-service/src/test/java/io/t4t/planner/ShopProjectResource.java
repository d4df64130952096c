package io.t4t.planner;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.t4t.testsupport.ExampleProjects;
import java.util.Map;

/** examples/shop as the planner's project (the planner reads files only). */
public class ShopProjectResource implements QuarkusTestResourceLifecycleManager {
  @Override
  public Map<String, String> start() {
    return Map.of(
        "t4t.planner.project",
        ExampleProjects.copy("shop").toString(),
        "t4t.planner.coalesce-window",
        "PT0.3S",
        "kafka-streams.state.dir",
        tempDir());
  }

  private static String tempDir() {
    try {
      return java.nio.file.Files.createTempDirectory("t4t-planner-test").toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {}
}
