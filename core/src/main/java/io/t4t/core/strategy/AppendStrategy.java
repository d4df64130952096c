package io.t4t.core.strategy;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import java.util.List;

/**
 * Appends the window's rows. When the window may hold rows an earlier run loaded (a lookback, an
 * explicit start, or no bound), rows already in the target's window are skipped with {@code EXCEPT
 * ALL}: late rows arrive, duplicates do not, and true duplicates in the source keep their count. On
 * engines without transactions this is always so, which makes applying a run twice harmless.
 */
final class AppendStrategy implements Strategy {
  @Override
  public List<Step> steps(ModelRun run, Dialect d) {
    String time = run.model().config().incremental().orElseThrow().timeColumn();
    String window = Sql.windowOnTarget(run, d);
    List<String> columns = run.columns();
    // without transactions a run whose ledger row was lost is applied again: skip what it loaded
    String insert =
        run.rereadsLoadedRows() || !d.supports(Capability.TRANSACTIONS)
            ? d.insertSelectExceptExisting(run.table(), columns, run.query(), window)
            : d.insertSelect(run.table(), columns, run.query());
    return List.of(
        new Step.Execute(insert, true, "Executed incremental append"),
        new Step.Measure(Sql.measure(d, "NULL", time, d.table(run.table()), window)));
  }
}
