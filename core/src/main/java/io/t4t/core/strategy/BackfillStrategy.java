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
      List<Step> steps = new ArrayList<>();
      if (!d.supports(io.t4t.core.dialect.Capability.TRANSACTIONS)) {
        steps.add(Sql.probe(run)); // its delete commits by itself: a broken query fails first
      }
      steps.addAll(new DeleteInsertStrategy().steps(run, d));
      return steps;
    }
    List<Step> load =
        kind == StrategyKind.APPEND
            ? new AppendStrategy().steps(run, d)
            : new MergeStrategy().steps(run, d);
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
}
