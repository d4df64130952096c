package io.t4t.executor;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.run.Engine;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;

/**
 * The project this executor applies commands for, loaded with its model graph once, on first use,
 * as the planner-service loads it: planner and executors run the files of one deployment (a changed
 * project rolls them out together, docs/deploy.md), so a file edited under a running executor is
 * not read, which would make it plan otherwise than the planner. A project that cannot be loaded is
 * tried again at the next use: its error fails each command until the files are fixed.
 */
@ApplicationScoped
public class ExecutorProject {
  @Inject ExecutorServiceConfig config;

  private Project project;
  private ModelGraph graph;

  /** The project, loaded on first use; invalid files fail with an input error. */
  public synchronized Project project() {
    if (project == null) {
      Project p = ProjectLoader.load(Path.of(config.project()), config.target().orElse(null));
      graph = ModelGraph.build(p, Engine.resolver(p)); // a cycle fails the load too
      project = p;
    }
    return project;
  }

  public synchronized ModelGraph graph() {
    project();
    return graph;
  }
}
