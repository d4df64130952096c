package io.t4t.cli;

import picocli.CommandLine.Command;

@Command(name = "plan", description = "Show, per model, full or incremental and the window.")
final class PlanCommand extends ProjectRun {
  @Override
  public Integer call() {
    return printPlans(
        (out, runner, run) -> {
          String kind =
              run.model().config().materialization().wireName()
                  + run.model()
                      .config()
                      .incremental()
                      .map(i -> " " + i.strategy().wireName())
                      .orElse("");
          out.printf(
              "%-40s %-22s %-11s %s%n",
              run.name(),
              kind,
              run.mode(),
              run.mode() == io.t4t.core.plan.RunMode.REFUSE
                  ? run.reason()
                  : run.reason() + "; window: " + run.windowText());
        });
  }
}
