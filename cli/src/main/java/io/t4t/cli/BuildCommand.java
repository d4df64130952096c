package io.t4t.cli;

import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "build", description = "Load seeds, then run the models.")
final class BuildCommand extends ProjectRun {
  @CommandLine.Mixin TransportOptions transport = new TransportOptions();

  @Override
  public Integer call() {
    transport.startEarly();
    try {
      RunOptions options = options();
      try (ProjectRunner runner = ProjectRuns.openForRun(targetOption.load(project))) {
        runner.check(options); // invalid input fails before the seeds are loaded
        runner.seed();
        return ProjectRuns.report(transport.run(runner, options), spec.commandLine().getErr());
      }
    } finally {
      transport.stop();
    }
  }
}
