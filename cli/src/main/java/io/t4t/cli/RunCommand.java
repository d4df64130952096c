package io.t4t.cli;

import io.t4t.core.project.Project;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "run", description = "Run the project's models (incrementally where possible).")
final class RunCommand extends ProjectRun {
  @CommandLine.Mixin TransportOptions transport = new TransportOptions();

  @Override
  public Integer call() {
    transport.startEarly();
    try {
      RunOptions options = options();
      Project p = targetOption.load(project);
      try (ProjectRunner runner = ProjectRuns.openForRun(p)) {
        runner.check(options); // invalid input fails before anything runs
        return ProjectRuns.report(transport.run(runner, options), spec.commandLine().getErr());
      }
    } finally {
      transport.stop();
    }
  }
}
