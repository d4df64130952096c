package io.t4t.executor;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.ProjectRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** A copy of examples/t_project with its seed loaded, as the executor's project. */
public class SeededProjectResource implements QuarkusTestResourceLifecycleManager {
  static Path project;

  @Override
  public Map<String, String> start() {
    try {
      Path from = Path.of("..", "..", "examples", "t_project").toAbsolutePath().normalize();
      project = Files.createTempDirectory("t4t-executor").resolve("t_project");
      try (Stream<Path> files = Files.walk(from)) {
        for (Path f : files.toList()) {
          String rel = from.relativize(f).toString();
          if (rel.startsWith("data")) {
            continue;
          }
          if (Files.isDirectory(f)) {
            Files.createDirectories(project.resolve(rel));
          } else {
            Files.copy(f, project.resolve(rel));
          }
        }
      }
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
