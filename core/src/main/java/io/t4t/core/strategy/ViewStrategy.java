package io.t4t.core.strategy;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.TargetInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * A view: replaced in place; a table of the same name (materialization change) is dropped first.
 */
final class ViewStrategy implements Strategy {
  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    List<Step> steps = new ArrayList<>();
    if (run.target().kind() == TargetInfo.Kind.TABLE) {
      if (!d.supports(Capability.TRANSACTIONS)) {
        // the drop commits by itself (Trino): only once the query is known to be valid
        steps.add(Sql.probe(run));
      }
      steps.add(new Step.Execute(d.dropTable(run.table()), false, null));
    }
    List<String> sql =
        d.replaceView(
            run.table(),
            run.query(),
            run.target().kind() == TargetInfo.Kind.VIEW && run.sameShapeAsTarget());
    for (int i = 0; i < sql.size(); i++) {
      boolean last = i == sql.size() - 1;
      steps.add(new Step.Execute(sql.get(i), false, last ? "Created view: " + run.name() : null));
    }
    return steps;
  }
}
