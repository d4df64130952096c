package io.t4t.core.roles;

import io.t4t.core.coordinate.RunCoordinator;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.ModelName;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelState;
import io.t4t.events.RunRequested;
import java.util.List;
import java.util.Locale;

/** Plans a model into a command from the run ledger's state as of now. */
public final class CommandPlanner implements RunCoordinator.CommandFactory {
  private final ProjectRunner runner;

  public CommandPlanner(ProjectRunner runner) {
    this.runner = runner;
  }

  @Override
  public ModelRunCommand command(ModelName model, RunRequested request, int attempt) {
    ModelRun run = runner.plan(model, options(request));
    ModelState state = runner.state().get(model.toString());
    return new ModelRunCommand(
        model.toString(),
        run.mode().name().toLowerCase(Locale.ROOT),
        state == null ? 0 : state.ledgerSeq(),
        request.vars(),
        request.fullRefresh(),
        attempt);
  }

  static RunOptions options(RunRequested request) {
    return new RunOptions(request.vars(), List.of(), List.of(), request.fullRefresh());
  }
}
