package io.t4t.cli;

import io.t4t.core.run.ProjectRunner;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "seed", description = "Load seeds/<schema>/<table>.csv, replacing each table.")
final class SeedCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROJECT")
  Path project;

  @CommandLine.Mixin TargetOption targetOption = new TargetOption();

  @Override
  public Integer call() {
    try (ProjectRunner runner = ProjectRunner.open(targetOption.load(project))) {
      runner.seed();
      return T4tCommand.OK;
    }
  }
}
