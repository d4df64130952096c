package io.t4t.core.run;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.plan.RunMode;
import io.t4t.core.project.Materialization;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.roles.RunSummary;
import io.t4t.core.sql.SqlValue;
import io.t4t.events.ModelState;
import java.sql.SQLException;
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
    requireText(root, "--start", request.start());
    requireText(root, "--end", request.end());
    Set<ModelName> chosen = session.graph().withDownstream(Set.of(root));
    List<ModelName> order = session.graph().order().stream().filter(chosen::contains).toList();
    Planner planner = session.planner(request.vars(), session.catalogFor(order));
    planner.requireVariables(order);
    List<ModelRun> runs = new ArrayList<>();
    for (ModelName name : order) {
      Model model = session.project().models().get(name);
      ModelState state = session.state().get(name.toString());
      Materialization m = model.config().materialization();
      if (!name.equals(root) && m == Materialization.VIEW) {
        continue; // a view reads the reloaded rows as they are
      }
      ModelRun run =
          !name.equals(root) && m == Materialization.TABLE
              ? planner.plan(model, state, false)
              : planner.backfill(model, state, request.start(), request.end());
      if (run.mode() == RunMode.BACKFILL) {
        checkBounds(session.warehouse(), run, request);
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
        outcomes.add(
            RunOutcome.skipped(
                run.name(), "Skipped: upstream model " + failedUpstream + " failed"));
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

  private static void requireText(ModelName model, String key, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidInputException(
          "Invalid "
              + key
              + " for backfill of model "
              + model
              + ": give a value of its time column");
    }
  }

  /**
   * Asks the engine whether the bounds are values of the model's time column, whether end is after
   * start, and whether the window starts at or before the last loaded value (a window after it
   * would leave the rows between unloaded while the next run starts after the window).
   */
  private static void checkBounds(Warehouse warehouse, ModelRun run, Request request) {
    if (run.previousWatermark() == null) {
      // the watermark would become the window's end, and the next run would skip what lies before
      throw new InvalidInputException(
          "Cannot backfill model "
              + run.name()
              + ": it has loaded no rows yet (no watermark); run it first with t4t run, then"
              + " backfill a window up to what it loaded");
    }
    Dialect d = warehouse.dialect();
    String column = run.model().config().incremental().orElseThrow().timeColumn();
    String type = run.target().typeOf(column).orElseThrow();
    String start = d.literal(new SqlValue.Typed(request.start(), type));
    String end = d.literal(new SqlValue.Typed(request.end(), type));
    String previous =
        run.previousWatermark() == null
            ? null
            : d.literal(new SqlValue.Typed(run.previousWatermark(), type));
    List<Object> row;
    try {
      row =
          warehouse
              .query(
                  "SELECT CASE WHEN "
                      + end
                      + " > "
                      + start
                      + " THEN 1 ELSE 0 END, CASE WHEN "
                      + (previous == null ? "1 = 1" : start + " <= " + previous)
                      + " THEN 1 ELSE 0 END")
              .get(0);
    } catch (SQLException e) {
      String key = parses(warehouse, start) ? "--end" : "--start";
      String value = key.equals("--start") ? request.start() : request.end();
      throw new InvalidInputException(
          "Invalid "
              + key
              + " '"
              + value
              + "' for backfill of model "
              + run.name()
              + ": not a value of its time column "
              + column
              + " ("
              + type
              + "): "
              + Messages.firstLine(e.getMessage()));
    }
    if (((Number) row.get(0)).intValue() != 1) {
      throw new InvalidInputException(
          "Invalid window for backfill of model "
              + run.name()
              + ": --end '"
              + request.end()
              + "' must be after --start '"
              + request.start()
              + "' (the window is start <= "
              + column
              + " < end)");
    }
    if (((Number) row.get(1)).intValue() != 1) {
      throw new InvalidInputException(
          "Cannot backfill model "
              + run.name()
              + " from --start '"
              + request.start()
              + "': it is after the last loaded value "
              + run.previousWatermark()
              + " of "
              + column
              + ", so the rows between would never load; run t4t run first (it loads everything"
              + " after that value), or start the window at or before it");
    }
  }

  private static boolean parses(Warehouse warehouse, String literal) {
    try {
      warehouse.query("SELECT " + literal);
      return true;
    } catch (SQLException e) {
      return false;
    }
  }
}
