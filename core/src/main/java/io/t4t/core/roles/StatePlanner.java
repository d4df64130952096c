package io.t4t.core.roles;

import io.t4t.core.coordinate.CommandFactory;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.events.BackfillWindow;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;

/**
 * Plans commands without opening the warehouse, from the project's files and what the coordinator
 * learnt of each model's state (completions, model_state, stale-plan refusals): for a planner in
 * its own process, where holding a DuckDB warehouse would lock the executors out. The executor
 * holds the command to the ledger position it names (decision 0006).
 */
public final class StatePlanner implements CommandFactory {
  private final Project project;

  public StatePlanner(Project project) {
    this.project = project;
  }

  @Override
  public ModelRunCommand command(
      ModelName name, RunRequested request, int attempt, ModelSlot.Known k) {
    Model model = project.models().get(name);
    BackfillWindow w = request.backfill();
    if (w != null && model.config().incremental().isPresent()) { // reload the window (0012)
      return new ModelRunCommand(
          name.toString(),
          "backfill",
          k == null ? 0 : k.seq(),
          request.vars(),
          false,
          attempt,
          w.start(),
          w.end());
    }
    String mode;
    if (model.config().materialization().wireName().equals("view")) {
      mode = "view";
    } else if (model.config().incremental().isEmpty()
        || request.fullRefresh()
        || k == null
        || k.fullBuildReason(model).isPresent()) {
      mode = "full";
    } else {
      mode = "incremental";
    }
    return new ModelRunCommand(
        name.toString(),
        mode,
        k == null ? 0 : k.seq(),
        request.vars(),
        request.fullRefresh(),
        attempt);
  }
}
