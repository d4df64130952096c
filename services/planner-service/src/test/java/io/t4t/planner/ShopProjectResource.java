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
        "PT0.3S");
  }

  @Override
  public void stop() {}
}
