package io.t4t.core.strategy;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.project.DuplicateKeyPolicy;
import io.t4t.core.project.IncrementalConfig;
import io.t4t.core.project.StrategyKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Builds the whole table and swaps it in, in one transaction: the old table stays readable until
 * commit and survives any failure. A merge model's table is checked for NULL and duplicate keys
 * before the commit, so it never starts life breaking its own key.
 */
final class RebuildStrategy implements Strategy {
  private static final String STAGE = "t4t_full_stage";

  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    List<Step> steps = new ArrayList<>();
    if (run.target().kind() == TargetInfo.Kind.VIEW) {
      steps.add(new Step.Execute(d.dropView(run.table()), false, null));
    }
    Optional<IncrementalConfig> inc = run.model().config().incremental();
    String table = d.table(run.table());
    String timeColumn = inc.map(IncrementalConfig::timeColumn).orElse(null);
    boolean merge = inc.isPresent() && inc.get().strategy() == StrategyKind.MERGE;
    String query = run.query();
    if (merge && inc.get().onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST) {
      // the columns are unknown before the first build: number the rows, then drop the number
      IncrementalConfig i = inc.get();
      String stage = d.tempTable(STAGE);
      steps.add(new Step.Execute(d.createTempTableAs(STAGE, query), false, null));
      steps.add(Sql.nullKeyStep(d, stage, run, i));
      steps.add(Sql.latestTieStep(d, stage, run, i));
      query =
          "SELECT * FROM (SELECT *, row_number() OVER (PARTITION BY "
              + d.columns(i.uniqueKey())
              + " ORDER BY "
              + d.quote(i.timeColumn())
              + " DESC NULLS LAST) AS t4t_row FROM "
              + stage
              + ") AS t4t_numbered WHERE t4t_row = 1";
      steps.add(
          new Step.Execute(
              d.replaceTableAs(run.table(), query), false, "Created table: " + run.name()));
      steps.add(new Step.Execute(d.dropColumn(run.table(), "t4t_row"), false, null));
      steps.add(new Step.Execute(d.dropTempTable(STAGE), false, null));
    } else {
      steps.add(
          new Step.Execute(
              d.replaceTableAs(run.table(), query), false, "Created table: " + run.name()));
      if (merge) {
        steps.add(Sql.nullKeyStep(d, table, run, inc.get()));
        steps.add(Sql.duplicateKeyStep(d, table, run, inc.get()));
      }
    }
    steps.add(new Step.Measure(Sql.measure(d, "count(*)", timeColumn, table, null)));
    return steps;
  }
}
