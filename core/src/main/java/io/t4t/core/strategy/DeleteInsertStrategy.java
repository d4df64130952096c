package io.t4t.core.strategy;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import java.util.List;

/**
 * Deletes the target rows the condition selects (the model's {@code where_condition}, else the
 * window), then inserts the window's rows, in one transaction.
 */
final class DeleteInsertStrategy implements Strategy {
  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    String time = run.model().config().incremental().orElseThrow().timeColumn();
    String window = Sql.windowOnTarget(run, d);
    String delete = run.deleteCondition().orElse(window);
    return List.of(
        new Step.Execute(
            d.deleteWhere(run.table(), delete),
            false,
            "Executed delete for table: " + run.name(),
            Step.Effect.DELETED),
        new Step.Execute(
            d.insertSelect(run.table(), run.columns(), run.query()),
            true,
            "Executed insert for table: " + run.name()),
        new Step.Measure(Sql.measure(d, "NULL", time, d.table(run.table()), window)));
  }
}
