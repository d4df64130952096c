package io.t4t.core.run;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.BackfillWindows;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.ModelName;
import io.t4t.core.roles.RunSummary;
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
    return BackfillWindows.plan(
        session,
        session.project().resolveModel(request.model()),
        request.vars(),
        request.start(),
        request.end());
  }

  /**
   * A planned backfill: its runs, in dependency order, and the ledger position of each model they
   * were planned from.
   */
  public record Plan(List<ModelRun> runs, Map<ModelName, Long> basedOn) {
    public Plan {
      runs = List.copyOf(runs);
      basedOn = Map.copyOf(basedOn);
    }
  }

  /** {@link #plan}, with the ledger positions the runs were planned from. */
  public static Plan planned(WarehouseSession session, Request request) {
    List<ModelRun> runs = plan(session, request);
    Map<ModelName, Long> basedOn = new java.util.HashMap<>();
    runs.forEach(r -> basedOn.put(r.name(), session.ledgerSeq(r.name())));
    return new Plan(runs, basedOn);
  }

  /** Runs the backfill: plans it all first, then applies each model in dependency order. */
  public static RunSummary run(WarehouseSession session, Request request) {
    return apply(session, planned(session, request));
  }

  /**
   * Applies a planned backfill. A model another session ran (or reset) since it was planned fails
   * with {@code STALE_PLAN} and changes nothing, so its watermark never moves back; the models
   * downstream of it are skipped.
   */
  public static RunSummary apply(WarehouseSession session, Plan plan) {
    List<ModelRun> runs = plan.runs();
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
      RunOutcome outcome = session.apply(run, runId, plan.basedOn().get(run.name()));
      if (!outcome.ok()) {
        failed.add(run.name());
      }
      outcomes.add(outcome);
    }
    return new RunSummary(runId, outcomes);
  }
}
