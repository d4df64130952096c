package io.t4t.core.roles;

import io.t4t.core.coordinate.RunCoordinator;
import io.t4t.core.execute.ModelConfigHash;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelState;
import io.t4t.events.RunRequested;
import java.util.HashMap;
import java.util.Map;

/**
 * Plans commands without opening the warehouse, from the project's files and the model states the
 * planner has seen (model_state and model_completed events): for a planner in its own process,
 * where holding a DuckDB warehouse would lock the executors out. The mode is the planner's view;
 * the executor re-plans from the target's run ledger before applying, so a stale view can never
 * apply a wrong window.
 */
public final class StatePlanner implements RunCoordinator.CommandFactory {
  private final Project project;
  private final Map<String, Known> known = new HashMap<>();

  /** What the planner knows of a model at a ledger position; null hashes: no state (a reset). */
  private record Known(String materialization, String sqlHash, String configHash, long seq) {}

  public StatePlanner(Project project) {
    this.project = project;
  }

  /** Remembers a model's state from the compacted model-state topic. */
  public void seen(ModelState s) {
    remember(s.model(), s.materialization(), s.sqlHash(), s.configHash(), s.ledgerSeq());
  }

  /** Remembers a model's state from a completion. */
  public void seen(ModelCompleted c) {
    remember(c.model(), c.materialization(), c.sqlHash(), c.configHash(), c.ledgerSeq());
  }

  /**
   * Remembers where a model's ledger is, from an executor that refused a stale plan ({@code
   * STALE_PLAN} carries the position and the state there, none after a reset).
   */
  public void seen(ModelFailed f) {
    if (f.ledgerSeq() == null) {
      return;
    }
    // the executor read the ledger itself: its position wins, even one behind what this
    // planner saw (a warehouse restored from a backup)
    ModelState s = f.ledgerState();
    known.put(
        f.model(),
        s == null
            ? new Known(null, null, null, f.ledgerSeq())
            : new Known(s.materialization(), s.sqlHash(), s.configHash(), f.ledgerSeq()));
  }

  private void remember(String model, String mat, String sql, String config, long seq) {
    Known k = known.get(model);
    if (k == null || k.seq() < seq) {
      known.put(model, new Known(mat, sql, config, seq));
    }
  }

  @Override
  public ModelRunCommand command(ModelName name, RunRequested request, int attempt) {
    Model model = project.models().get(name);
    Known k = known.get(name.toString());
    String mode;
    if (model.config().materialization().wireName().equals("view")) {
      mode = "view";
    } else if (model.config().incremental().isEmpty()
        || request.fullRefresh()
        || k == null
        || k.materialization() == null
        || !k.materialization().equals(model.config().materialization().wireName())
        || !k.sqlHash().equals(model.sql().hash())
        || !k.configHash().equals(ModelConfigHash.of(model.config()))) {
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
