package io.t4t.core.run;

import io.t4t.core.dag.BackfillScope;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.BackfillWindows;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.plan.RunMode;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.roles.RunSummary;
import io.t4t.events.ModelState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * {@code t4t backfill}: reloads the window {@code [start, end)} of a model's time column, then
 * refreshes the models downstream of it (incremental ones restate the same window, tables rebuild,
 * views read the new rows as they are). Every model of the selection is planned and its bounds
 * checked against the engine before anything runs: bad input changes nothing. Each model's reload
 * is one atomic run with its ledger row (kind {@code backfill}); a failed model skips the models
 * downstream of it. Models outside the selection are not touched (decision 0012).
 */
public final class Backfill {
  /**
   * A backfill request.
   *
   * @param model the model, as on the command line
   * @param start the window's first time value (inclusive), as text
   * @param end the value the window stops before (exclusive), as text
   * @param vars {@code --vars}, for models that use variables
   */
  public record Request(String model, String start, String end, Map<String, Object> vars) {
    public Request {
      vars = vars == null ? Map.of() : Map.copyOf(vars);
    }
  }

  private Backfill() {}

  /** Plans and checks the whole backfill; throws {@link InvalidInputException} before any write. */
  public static List<ModelRun> plan(WarehouseSession session, Request request) {
    ModelName root = session.project().resolveModel(request.model());
    io.t4t.core.dag.BackfillScope.requireText(root, "--start", request.start());
    io.t4t.core.dag.BackfillScope.requireText(root, "--end", request.end());
    Map<ModelName, BackfillScope.Action> actions =
        BackfillScope.actions(session.project(), session.graph(), root);
    List<ModelName> order = List.copyOf(actions.keySet());
    Planner planner = session.planner(request.vars(), session.catalogFor(order));
    planner.requireVariables(order);
    List<ModelRun> runs = new ArrayList<>();
    for (ModelName name : order) {
      Model model = session.project().models().get(name);
      ModelState state = session.state().get(name.toString());
      ModelRun run =
          actions.get(name) == BackfillScope.Action.REBUILD
              ? planner.plan(model, state, false)
              : planner.backfill(model, state, request.start(), request.end());
      if (run.mode() == RunMode.BACKFILL) {
        BackfillWindows.check(session.warehouse(), run, request.start(), request.end());
      }
      if (run.mode() == RunMode.REFUSE) {
        throw new InvalidInputException(
            "Cannot backfill model "
                + root
                + ": "
                + run.reason()
                + " (nothing was changed; fix that model or backfill after it runs again)");
      }
      runs.add(run);
    }
    return runs;
  }

  /** Runs the backfill: plans it all first, then applies each model in dependency order. */
  public static RunSummary run(WarehouseSession session, Request request) {
    List<ModelRun> runs = plan(session, request);
    String runId = "backfill-" + UUID.randomUUID();
    List<RunOutcome> outcomes = new ArrayList<>();
    Set<ModelName> failed = new HashSet<>();
    for (ModelRun run : runs) {
      ModelName failedUpstream =
          session.graph().upstream(run.name()).stream()
              .filter(failed::contains)
              .findFirst()
              .orElse(null);
      if (failedUpstream != null) {
        failed.add(run.name());
        String message = "Skipped: upstream model " + failedUpstream + " failed";
        session.skipped(run, runId, message);
        outcomes.add(RunOutcome.skipped(run.name(), message));
        continue;
      }
      RunOutcome outcome = session.apply(run, runId);
      if (!outcome.ok()) {
        failed.add(run.name());
      }
      outcomes.add(outcome);
    }
    return new RunSummary(runId, outcomes);
  }
}
