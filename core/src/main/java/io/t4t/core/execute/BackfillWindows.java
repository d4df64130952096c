package io.t4t.core.execute;

import io.t4t.core.dag.BackfillScope;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.Planner;
import io.t4t.core.plan.RunMode;
import io.t4t.core.project.Model;
import io.t4t.core.project.ModelName;
import io.t4t.core.sql.SqlValue;
import io.t4t.events.ModelState;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A backfill's window, planned and checked against the engine for every model of its selection
 * before anything is written: by {@code t4t backfill}, and by an executor for a {@code backfill}
 * command (decision 0012).
 */
public final class BackfillWindows {
  private BackfillWindows() {}

  /**
   * Plans a backfill of {@code root} and every model of its selection ({@link BackfillScope}), with
   * each model's bounds checked against the engine, before anything is written: {@code t4t
   * backfill} plans its whole run with it, and an executor plans a {@code backfill} command with
   * it, so that a model downstream that would be refused refuses the command of the model it reads
   * before that model is reloaded. Each model's newest ledger entry is read first (another executor
   * may have run it). The first run is {@code root}'s.
   *
   * @throws InvalidInputException naming the model and the bound or reason, before any write
   */
  public static List<ModelRun> plan(
      WarehouseSession session,
      ModelName root,
      Map<String, Object> vars,
      String start,
      String end) {
    BackfillScope.requireText(root, "--start", start);
    BackfillScope.requireText(root, "--end", end);
    Map<ModelName, BackfillScope.Action> actions =
        BackfillScope.actions(session.project(), session.graph(), root);
    List<ModelName> order = List.copyOf(actions.keySet());
    order.forEach(session::refresh);
    Planner planner = session.planner(vars, session.catalogFor(order));
    planner.requireVariables(order);
    List<ModelRun> runs = new ArrayList<>();
    for (ModelName name : order) {
      Model model = session.project().models().get(name);
      ModelState state = session.state().get(name.toString());
      ModelRun run =
          actions.get(name) == BackfillScope.Action.REBUILD
              ? planner.plan(model, state, false)
              : planner.backfill(model, state, start, end);
      if (run.mode() == RunMode.BACKFILL) {
        check(session.warehouse(), run, start, end);
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

  /**
   * Asks the engine whether the bounds are values of the model's time column, whether end is after
   * start, and whether the window starts at or before the last loaded value (a window after it
   * would leave the rows between unloaded while the next run starts after the window).
   */
  public static void check(Warehouse warehouse, ModelRun run, String start, String end) {
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
    String startLiteral = d.literal(new SqlValue.Typed(start, type));
    String endLiteral = d.literal(new SqlValue.Typed(end, type));
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
                      + endLiteral
                      + " > "
                      + startLiteral
                      + " THEN 1 ELSE 0 END, CASE WHEN "
                      + (previous == null ? "1 = 1" : startLiteral + " <= " + previous)
                      + " THEN 1 ELSE 0 END")
              .get(0);
    } catch (SQLException e) {
      String key = parses(warehouse, startLiteral) ? "--end" : "--start";
      String value = key.equals("--start") ? start : end;
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
              + end
              + "' must be after --start '"
              + start
              + "' (the window is start <= "
              + column
              + " < end)");
    }
    if (((Number) row.get(1)).intValue() != 1) {
      throw new InvalidInputException(
          "Cannot backfill model "
              + run.name()
              + " from --start '"
              + start
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
