package io.t4t.cli;

import io.t4t.core.execute.Executor;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.core.strategy.Step;
import java.io.PrintWriter;
import picocli.CommandLine.Command;

@Command(name = "compile", description = "Print the SQL each model would run now.")
final class CompileCommand extends ProjectRun {
  @Override
  public Integer call() {
    RunOptions options = options();
    PrintWriter out = spec.commandLine().getOut();
    try (ProjectRunner runner = ProjectRunner.openReadOnly(targetOption.load(project))) {
      for (ModelRun run : runner.plan(options)) {
        out.println("-- " + run.name() + ": " + run.mode() + " (" + run.reason() + ")");
        for (Step step : Executor.steps(run, runner.warehouse().dialect())) {
          out.println(step.sql() + ";");
        }
        out.println();
      }
      out.flush();
      return T4tCommand.OK;
    }
  }
}
