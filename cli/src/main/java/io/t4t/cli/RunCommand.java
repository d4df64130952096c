package io.t4t.cli;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "run", description = "Run the project's models (incrementally where possible).")
class RunCommand extends ProjectRun {
  @CommandLine.Mixin TransportOptions transport = new TransportOptions();

  /** Whether seeds are loaded before the models run ({@code build}). */
  boolean loadsSeeds() {
    return false;
  }

  @Override
  public Integer call() {
    if (transport.transport == Transport.direct
        && spec.commandLine().getParseResult().hasMatchedOption("--bootstrap-servers")) {
      throw new InvalidInputException(
          "Invalid options: --bootstrap-servers names a cluster to run through and --transport"
              + " direct runs in this process without one; give one of them");
    }
    transport.startEarly();
    try {
      RunOptions options = options();
      try (ProjectRunner runner = ProjectRuns.openForRun(targetOption.load(project))) {
        runner.check(options); // invalid input fails before anything runs or a seed is loaded
        if (loadsSeeds()) {
          runner.seed();
          // seeds have no batch to audit: their tests run once loaded, and a failing one of
          // severity error stops the build before any model reads the seed
          var seedTests = runner.testSeeds();
          if (!seedTests.isEmpty()
              && TestCommand.print(seedTests, spec.commandLine().getOut()) != T4tCommand.OK) {
            return T4tCommand.MODEL_FAILED;
          }
        }
        return ProjectRuns.report(transport.run(runner, options), spec.commandLine().getErr());
      }
    } finally {
      transport.stop();
    }
  }
}
