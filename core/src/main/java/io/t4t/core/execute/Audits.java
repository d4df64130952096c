package io.t4t.core.execute;

import io.t4t.core.audit.TestQueries;
import io.t4t.core.audit.TestResult;
import io.t4t.core.error.ModelRunException;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.RunMode;
import io.t4t.core.project.DataTest;
import io.t4t.events.ErrorCode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Runs a model's data tests on the batch a run is about to publish, before any of the run's writes
 * (see docs/decisions/0011-audits-before-publish.md): inside the run's transaction where the engine
 * has one, before the single atomic write where it does not (Trino). A failing {@code error} test
 * throws AUDIT_FAILED naming the test and its first failing rows, so nothing is written and the
 * ledger row is never appended; a failing {@code warn} test is logged and recorded.
 */
final class Audits {
  /** How many failing rows a result names. */
  static final int ROWS_SHOWN = 5;

  private static final Logger LOG = Logger.getLogger("t4t.audit");

  private final Warehouse warehouse;

  Audits(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /** The results of {@code run}'s tests on its batch; throws when a blocking one fails. */
  List<TestResult> run(ModelRun run) throws SQLException {
    List<DataTest> tests = run.model().config().tests();
    if (tests.isEmpty()
        || (run.mode() != RunMode.INCREMENTAL
            && run.mode() != RunMode.FULL
            && run.mode() != RunMode.BACKFILL)) {
      return List.of();
    }
    String model = run.name().toString();
    List<TestResult> results = new ArrayList<>();
    for (DataTest test : tests) {
      List<List<Object>> rows;
      try {
        rows = warehouse.query(TestQueries.onBatch(test, run, warehouse.dialect(), ROWS_SHOWN));
      } catch (SQLException e) {
        if (io.t4t.core.engine.EngineProviders.classify(warehouse.dialect(), e).retryable()) {
          throw e; // a lost connection or a conflict: the run is retried as any other
        }
        throw new ModelRunException(
            model,
            ErrorCode.INVALID_MODEL,
            "Cannot run audit "
                + test.label()
                + " of "
                + model
                + " (nothing was written; check the test's columns and values against the"
                + " model's query): "
                + io.t4t.core.error.Messages.firstLine(e.getMessage()),
            e);
      }
      TestResult result = new TestResult(model, test.label(), test.severity(), rows, true);
      results.add(result);
      if (result.blocks()) {
        throw new ModelRunException(
            model,
            ErrorCode.AUDIT_FAILED,
            "Cannot publish "
                + model
                + ": audit "
                + test.label()
                + " failed on the batch (nothing was written; fix the data or the test, or set"
                + " its severity to warn)"
                + io.t4t.core.error.Messages.FAILING_ROWS
                + TestResult.describe(rows));
      }
      if (!result.passed()) {
        LOG.warning("Audit " + result.line());
      }
    }
    return List.copyOf(results);
  }
}
