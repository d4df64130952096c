package io.t4t.core.strategy;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.RunMode;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.project.DuplicateKeyPolicy;
import io.t4t.core.project.IncrementalConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * The target as it would be after a run's write, as a query over the target and the batch, for
 * audits that need more than the batch ({@code unique}): it is read before anything is written, so
 * the same audit works inside a transaction and before Trino's single atomic write. Each strategy's
 * case mirrors what its steps do to the target.
 */
public final class AfterWrite {
  private AfterWrite() {}

  /**
   * A SELECT of the rows the target would hold after {@code run}.
   *
   * @param batch a relation name holding the run's query (e.g. a CTE name)
   */
  public static String query(ModelRun run, Dialect d, String batch) {
    if (run.mode() == RunMode.BACKFILL) {
      return backfill(run, d, batch);
    }
    if (run.mode() != RunMode.INCREMENTAL || run.target().kind() == TargetInfo.Kind.NONE) {
      // a full run replaces the table with the batch; keep_latest keeps one row per key of it
      return run.model()
          .config()
          .incremental()
          .filter(i -> i.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST)
          .map(
              i ->
                  "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY "
                      + d.columns(i.uniqueKey())
                      + " ORDER BY "
                      + d.quote(i.timeColumn())
                      + " DESC NULLS LAST) AS t4t_row FROM "
                      + batch
                      + ") AS t4t_latest WHERE t4t_row = 1")
          .orElse("SELECT * FROM " + batch);
    }
    IncrementalConfig inc = run.model().config().incremental().orElseThrow();
    List<String> columns = run.columns(); // what the run writes, after any schema change
    String cols = d.columns(columns);
    String target = d.table(run.table());
    String window = Sql.windowOnTarget(run, d);
    switch (inc.strategy()) {
      case MERGE:
        List<String> on = new ArrayList<>();
        for (String k : inc.uniqueKey()) {
          on.add("t4t_new." + d.quote(k) + " = t4t_target." + d.quote(k));
        }
        String incoming =
            inc.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST
                ? Sql.latestPerKey(
                    d, "SELECT * FROM " + batch, inc.uniqueKey(), inc.timeColumn(), columns)
                : "SELECT " + cols + " FROM " + batch;
        return "SELECT "
            + cols
            + " FROM "
            + target
            + " AS t4t_target WHERE NOT EXISTS (SELECT 1 FROM "
            + batch
            + " AS t4t_new WHERE "
            + String.join(" AND ", on)
            + ")\nUNION ALL\n"
            + incoming;
      case DELETE_INSERT:
        String delete = run.deleteCondition().orElse(window);
        // rows the delete keeps: the condition is not true (NULL counts as kept)
        return "SELECT "
            + cols
            + " FROM "
            + target
            + (delete == null ? " WHERE FALSE" : " WHERE NOT COALESCE((" + delete + "), FALSE)")
            + "\nUNION ALL\nSELECT "
            + cols
            + " FROM "
            + batch;
      case APPEND:
      default:
        String added =
            run.rereadsLoadedRows() || !d.supports(Capability.TRANSACTIONS)
                // as AppendStrategy: rows already in the target's window are skipped
                ? "(SELECT "
                    + cols
                    + " FROM "
                    + batch
                    + " EXCEPT ALL SELECT "
                    + cols
                    + " FROM "
                    + target
                    + (window == null ? "" : " WHERE " + window)
                    + ")"
                : "SELECT " + cols + " FROM " + batch;
        return "SELECT " + cols + " FROM " + target + "\nUNION ALL\n" + added;
    }
  }

  /**
   * As {@link BackfillStrategy}: the target's rows outside the window stay (for merge, less the
   * keys the batch brings), and the batch is loaded.
   */
  private static String backfill(ModelRun run, Dialect d, String batch) {
    IncrementalConfig inc = run.model().config().incremental().orElseThrow();
    List<String> columns = run.columns();
    String cols = d.columns(columns);
    String kept =
        "SELECT "
            + cols
            + " FROM "
            + d.table(run.table())
            + " AS t4t_target WHERE NOT COALESCE(("
            + Sql.windowOnTarget(run, d)
            + "), FALSE)";
    String incoming = "SELECT " + cols + " FROM " + batch;
    if (inc.strategy() == io.t4t.core.project.StrategyKind.MERGE) {
      List<String> on = new ArrayList<>();
      for (String k : inc.uniqueKey()) {
        on.add("t4t_new." + d.quote(k) + " = t4t_target." + d.quote(k));
      }
      kept +=
          " AND NOT EXISTS (SELECT 1 FROM "
              + batch
              + " AS t4t_new WHERE "
              + String.join(" AND ", on)
              + ")";
      if (inc.onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST) {
        incoming =
            Sql.latestPerKey(
                d, "SELECT * FROM " + batch, inc.uniqueKey(), inc.timeColumn(), columns);
      }
    }
    return kept + "\nUNION ALL\n" + incoming;
  }
}
