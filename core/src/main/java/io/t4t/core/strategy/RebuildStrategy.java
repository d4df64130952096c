package io.t4t.core.strategy;

import io.t4t.core.dialect.Capability;
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
 * Builds the whole table and swaps it in, in one transaction: readers see the old table until
 * commit (on PostgreSQL a refill in place makes them wait for the commit instead), and it survives
 * any failure. A merge model's table is checked for NULL and duplicate keys before the commit, so
 * it never starts life breaking its own key. Without transactions (Trino) the query's keys are
 * checked first and the table is replaced by one atomic {@code CREATE OR REPLACE TABLE}.
 */
final class RebuildStrategy implements Strategy {
  private static final String STAGE = "t4t_full_stage";

  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    List<Step> steps = new ArrayList<>();
    boolean replacesView = run.target().kind() == TargetInfo.Kind.VIEW;
    if (replacesView && d.supports(Capability.TRANSACTIONS)) {
      steps.add(new Step.Execute(d.dropView(run.table()), false, null));
    }
    Optional<IncrementalConfig> inc = run.model().config().incremental();
    String table = d.table(run.table());
    String timeColumn = inc.map(IncrementalConfig::timeColumn).orElse(null);
    boolean merge = inc.isPresent() && inc.get().strategy() == StrategyKind.MERGE;
    String query = run.query();
    boolean shapeKnown = run.queryShape().kind() == TargetInfo.Kind.TABLE;
    if (!d.supports(Capability.TEMP_TABLES)) {
      // no temp tables, no transactions (Trino): check the query's keys, then one atomic replace
      if (merge && inc.get().onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST) {
        IncrementalConfig i = inc.get();
        steps.add(Sql.nullKeyStep(d, Sql.derived(run), run, i));
        steps.add(Sql.latestTieStep(d, Sql.derived(run), run, i));
        query =
            Sql.latestPerKey(d, query, i.uniqueKey(), i.timeColumn(), run.queryShape().columns());
      } else if (merge) {
        steps.add(Sql.keyCheckStep(d, Sql.derived(run), run, inc.get()));
      }
      if (replacesView) {
        // the drop commits by itself: only once the query is known to be valid
        steps.add(Sql.probe(run));
        steps.add(new Step.Execute(d.dropView(run.table()), false, null));
      }
      build(steps, run, d, query);
    } else if (merge && inc.get().onDuplicateKeys() == DuplicateKeyPolicy.KEEP_LATEST) {
      IncrementalConfig i = inc.get();
      String stage = d.tempTable(STAGE);
      steps.add(new Step.Execute(d.createTempTableAs(STAGE, query), false, null));
      steps.add(Sql.nullKeyStep(d, stage, run, i));
      steps.add(Sql.latestTieStep(d, stage, run, i));
      // without the query's columns (CREATE OR REPLACE engines skip asking), number the rows,
      // then drop the number
      query =
          "SELECT "
              + (shapeKnown ? d.columns(run.queryShape().columns()) : "*")
              + " FROM (SELECT *, row_number() OVER (PARTITION BY "
              + d.columns(i.uniqueKey())
              + " ORDER BY "
              + d.quote(i.timeColumn())
              + " DESC NULLS LAST) AS t4t_row FROM "
              + stage
              + ") AS t4t_numbered WHERE t4t_row = 1";
      build(steps, run, d, query);
      if (!shapeKnown) {
        steps.add(new Step.Execute(d.dropColumn(run.table(), "t4t_row"), false, null));
      }
      steps.add(new Step.Execute(d.dropTempTable(STAGE), false, null));
    } else {
      build(steps, run, d, query);
      if (merge) {
        steps.add(Sql.nullKeyStep(d, table, run, inc.get()));
        steps.add(Sql.duplicateKeyStep(d, table, run, inc.get()));
      }
    }
    if (merge) {
      for (String sql : d.ensureKeyIndex(run.table(), inc.get().uniqueKey())) {
        steps.add(new Step.Execute(sql, false, null));
      }
    }
    steps.add(new Step.Measure(Sql.measure(d, "count(*)", timeColumn, table, null)));
    return steps;
  }

  /**
   * Replaces the table: in place when the query returns the columns the table has and the engine
   * cannot replace a table in one statement (views over it stay valid), else a new table.
   */
  private static void build(List<Step> steps, ModelRun run, Dialect d, String query) {
    boolean refill =
        !d.supports(Capability.CREATE_OR_REPLACE_TABLE)
            && run.target().kind() == TargetInfo.Kind.TABLE
            && run.sameShapeAsTarget();
    List<String> sql =
        refill
            ? d.refillTable(run.table(), run.target().columns(), query)
            : d.rebuildTable(run.table(), query);
    for (int i = 0; i < sql.size(); i++) {
      boolean last = i == sql.size() - 1;
      steps.add(new Step.Execute(sql.get(i), false, last ? "Created table: " + run.name() : null));
    }
  }
}
