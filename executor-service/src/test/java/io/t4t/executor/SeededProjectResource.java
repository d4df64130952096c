package io.t4t.executor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import java.nio.file.Path;
import java.util.Map;

/** A copy of examples/t_project with its seed loaded, as the executor's project. */
public class SeededProjectResource implements QuarkusTestResourceLifecycleManager {
  static Path project;

  @Override
  public Map<String, String> start() {
    try {
      project = io.t4t.testsupport.ExampleProjects.copy("t_project");
      try (ProjectRunner r = ProjectRunner.open(ProjectLoader.load(project))) {
        r.seed();
      }
      return Map.of("t4t.executor.project", project.toString());
    } catch (Exception e) {
      throw new IllegalStateException("Cannot prepare the example project", e);
    }
  }

  @Override
  public void stop() {}
}
