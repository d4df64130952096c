package io.t4t.core.strategy;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.StrategyKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Reloads a window of an incremental model ({@code t4t backfill}): deletes the window's rows from
 * the target, then loads the window from the source with the model's own strategy, so a merge still
 * upserts keys whose row lies outside the window. The run's window is the backfill's ({@code time
 * >= start AND time < end}); the query is already filtered to it. delete_insert deletes exactly
 * that window itself (a backfill ignores its {@code where_condition}).
 */
final class BackfillStrategy implements Strategy {
  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    StrategyKind kind = run.model().config().incremental().orElseThrow().strategy();
    if (kind == StrategyKind.DELETE_INSERT) {
      return new DeleteInsertStrategy().steps(run, d);
    }
    List<Step> load =
        kind == StrategyKind.APPEND
            ? new AppendStrategy().steps(run, d)
            : new MergeStrategy().steps(withoutSupersededKeys(run, d), d);
    List<Step> steps = new ArrayList<>();
    if (!d.supports(io.t4t.core.dialect.Capability.TRANSACTIONS)) {
      // the delete commits by itself: check the query and its keys before it
      steps.add(Sql.probe(run));
      List<Step> checks = Sql.leadingChecks(load);
      steps.addAll(checks);
      load = load.subList(checks.size(), load.size());
    }
    steps.add(
        new Step.Execute(
            d.deleteWhere(run.table(), Sql.windowOnTarget(run, d)),
            false,
            "Executed backfill delete for table: " + run.name(),
            Step.Effect.DELETED));
    steps.addAll(load);
    return steps;
  }

  /**
   * A merge backfill loads a key's version from the window only where the table holds no newer
   * version of that key (time at or after the window's end, which the delete kept): reloading the
   * past never overwrites a later row.
   */
  private static ModelRun withoutSupersededKeys(ModelRun run, Dialect d) {
    var inc = run.model().config().incremental().orElseThrow();
    String end =
        run.window().stream()
            .filter(c -> c.operator().equals("<"))
            .map(io.t4t.core.sql.Condition::boundSql)
            .findFirst()
            .orElseThrow();
    List<String> on = new ArrayList<>();
    for (String k : inc.uniqueKey()) {
      on.add("t4t_newer." + d.quote(k) + " = t4t_window." + d.quote(k));
    }
    return run.withQuery(
        "SELECT * FROM (\n"
            + run.query()
            + "\n) AS t4t_window WHERE NOT EXISTS (SELECT 1 FROM "
            + d.table(run.table())
            + " AS t4t_newer WHERE "
            + String.join(" AND ", on)
            + " AND t4t_newer."
            + d.quote(inc.timeColumn())
            + " >= "
            + end
            + ")");
  }
}
