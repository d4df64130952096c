package io.t4t.core.strategy;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.SchemaChange;
import io.t4t.events.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The statements that make an incremental model's table take its query's columns before the load
 * ({@code on_schema_change}): added columns first, then type changes, then drops.
 *
 * <p>With transactional DDL they commit with the load and its ledger row, or not at all. Without
 * (Trino on Iceberg) each commits by itself: the query is probed first, so a broken query alters
 * nothing, and a crash part-way leaves a table whose remaining difference the next run's plan finds
 * and applies (an added column is not added twice, a dropped one not dropped twice) before loading
 * the same window again.
 */
final class SchemaSteps {
  private SchemaSteps() {}

  /** The run's schema statements, then {@code load}. */
  static List<Step> before(ModelRun run, Dialect d, List<Step> load) {
    SchemaChange change = run.schema();
    if (change == null || !change.altersTable()) {
      return load;
    }
    List<Step> steps = new ArrayList<>();
    if (!d.supports(Capability.TRANSACTIONAL_DDL)) {
      // each ALTER commits by itself: check the query and the load's keys before any of them
      steps.add(Sql.probe(run));
      List<Step> checks = Sql.leadingChecks(load);
      steps.addAll(checks);
      load = load.subList(checks.size(), load.size());
    }
    String why = " (on_schema_change = " + change.mode().wireName() + ")";
    String indexes = d.indexesBlockingAlter(run.table());
    if (indexes != null && (!change.alter().isEmpty() || !change.drop().isEmpty())) {
      steps.add(
          new Step.FailIfAny(
              indexes,
              ErrorCode.SCHEMA_CHANGED,
              "Cannot drop or retype columns of "
                  + run.name()
                  + " in place: "
                  + d.name()
                  + " refuses that on a table with an index, and nothing was changed; drop the"
                  + " index, or set on_schema_change = \"full_refresh\" to rebuild the table."
                  + " Indexes"));
    }
    for (SchemaChange.Column c : change.add()) {
      steps.add(
          new Step.Execute(
              d.addColumn(run.table(), c.name(), c.type()),
              false,
              "Added column " + c + " to " + run.name() + why));
    }
    for (SchemaChange.Retyped c : change.alter()) {
      steps.add(
          new Step.Execute(
              d.alterColumnType(run.table(), c.name(), c.to()),
              false,
              "Changed column " + c + " of " + run.name() + why));
    }
    for (SchemaChange.Column c : change.drop()) {
      steps.add(
          new Step.Execute(
              d.dropColumn(run.table(), c.name()),
              false,
              "Dropped column " + c + " from " + run.name() + why));
    }
    steps.addAll(load);
    return steps;
  }
}
