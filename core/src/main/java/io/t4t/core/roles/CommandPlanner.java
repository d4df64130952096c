package io.t4t.core.roles;

import io.t4t.core.coordinate.CommandFactory;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.ModelName;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;
import java.util.List;
import java.util.Locale;

/**
 * Plans a model into a command from the run ledger's state as of now, read through the runner that
 * also executes it ({@code t4t run}): what the coordinator learnt is not needed.
 */
public final class CommandPlanner implements CommandFactory {
  private final ProjectRunner runner;

  public CommandPlanner(ProjectRunner runner) {
    this.runner = runner;
  }

  @Override
  public ModelRunCommand command(
      ModelName model, RunRequested request, int attempt, ModelSlot.Known known) {
    ModelRun run = runner.plan(model, options(request));
    // a refused run is commanded as the planner's files say; the executor reports the refusal
    String mode =
        run.mode() == io.t4t.core.plan.RunMode.REFUSE
            ? "full"
            : run.mode().name().toLowerCase(Locale.ROOT);
    return new ModelRunCommand(
        model.toString(),
        mode,
        runner.ledgerSeq(model),
        request.vars(),
        request.fullRefresh(),
        attempt);
  }

  static RunOptions options(RunRequested request) {
    return new RunOptions(request.vars(), List.of(), List.of(), request.fullRefresh());
  }
}
