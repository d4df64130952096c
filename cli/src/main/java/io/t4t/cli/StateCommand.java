package io.t4t.cli;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.Project;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.ModelState;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "state",
    description = "Show or reset model state.",
    subcommands = {StateCommand.Show.class, StateCommand.Reset.class})
final class StateCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: show or reset");
  }

  @Command(name = "show", description = "Print the state of all models, or of one.")
  static final class Show implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT")
    Path project;

    @CommandLine.Mixin TargetOption targetOption = new TargetOption();

    @Parameters(index = "1", arity = "0..1", paramLabel = "MODEL")
    String model;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      Project p = targetOption.load(project);
      try (ProjectRunner runner = ProjectRunner.openReadOnly(p)) {
        Map<String, ModelState> state = runner.state();
        List<ModelState> rows = new ArrayList<>();
        if (model != null) {
          String name = state.containsKey(model) ? model : p.resolveModel(model).toString();
          ModelState s = state.get(name);
          if (s == null) {
            throw new InvalidInputException(
                "Cannot show state of " + name + ": it has none yet (run the project first)");
          }
          rows.add(s);
        } else {
          rows.addAll(state.values());
        }
        for (ModelState s : rows) {
          out.println("model_name: " + s.model());
          out.println("materialization: " + s.materialization());
          out.println("last_execution_timestamp: " + s.lastExecutionTimestamp());
          out.println("sql_hash: " + s.sqlHash());
          out.println("config_hash: " + s.configHash());
          out.println("last_processed_value: " + s.lastProcessedValue());
          out.println("strategy: " + s.strategy());
          out.println();
        }
        out.flush();
        return T4tCommand.OK;
      }
    }
  }

  @Command(name = "reset", description = "Forget a model's state: its next run is a full rebuild.")
  static final class Reset implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "PROJECT")
    Path project;

    @CommandLine.Mixin TargetOption targetOption = new TargetOption();

    @Parameters(index = "1", paramLabel = "MODEL")
    String model;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
      try (ProjectRunner runner = ProjectRunner.open(targetOption.load(project))) {
        boolean had = runner.reset(model);
        spec.commandLine()
            .getOut()
            .println(
                had
                    ? "Reset state of " + model + ": its next run rebuilds it"
                    : "No state for " + model + ": nothing to reset");
        spec.commandLine().getOut().flush();
        return T4tCommand.OK;
      }
    }
  }
}
