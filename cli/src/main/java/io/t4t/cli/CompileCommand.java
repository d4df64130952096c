package io.t4t.cli;

import io.t4t.core.execute.Executor;
import io.t4t.core.strategy.Step;
import picocli.CommandLine.Command;

@Command(name = "compile", description = "Print the SQL each model would run now.")
final class CompileCommand extends ProjectRun {
  @Override
  public Integer call() {
    return printPlans(
        (out, runner, run) -> {
          out.println("-- " + run.name() + ": " + run.mode() + " (" + run.reason() + ")");
          for (Step step : Executor.steps(run, runner.warehouse().dialect())) {
            out.println(step.sql() + ";");
          }
          out.println();
        });
  }
}
