package io.t4t.cli;

import io.t4t.core.plan.ModelRun;
import io.t4t.core.roles.RunOptions;
import io.t4t.core.run.ProjectRunner;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The project argument and the options of every command that plans or runs models. */
abstract class ProjectRun implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "PROJECT", description = "The project folder.")
  Path project;

  @CommandLine.Mixin TargetOption targetOption = new TargetOption();

  @CommandLine.Mixin Selection selection = new Selection();

  @Option(names = "--full-refresh", description = "Rebuild incremental models from scratch.")
  boolean fullRefresh;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  RunOptions options() {
    return selection.options(fullRefresh);
  }

  /**
   * Plans the selected models on the warehouse opened read-only (nothing is created or changed) and
   * prints each plan with {@code print}, to the command's output.
   */
  int printPlans(PlanPrinter print) {
    RunOptions options = options();
    PrintWriter out = spec.commandLine().getOut();
    try (ProjectRunner runner = ProjectRunner.openReadOnly(targetOption.load(project))) {
      for (ModelRun run : runner.plan(options)) {
        print.print(out, runner, run);
      }
      out.flush();
      return T4tCommand.OK;
    }
  }

  /** Prints one model's plan. */
  @FunctionalInterface
  interface PlanPrinter {
    void print(PrintWriter out, ProjectRunner runner, ModelRun run);
  }
}
