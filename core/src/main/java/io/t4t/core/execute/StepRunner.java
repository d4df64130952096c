package io.t4t.core.execute;

import io.t4t.core.error.ModelRunException;
import io.t4t.core.sql.Literals;
import io.t4t.core.strategy.Step;
import io.t4t.events.ErrorCode;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;
import java.util.logging.Logger;

/**
 * Runs a model's {@link Step}s inside the caller's transaction: the one interpreter of steps, used
 * by {@link Executor} for a whole run and by {@link FanOutExecutor} for staging a delta and
 * applying a bucket, so every path runs the same checks (NULL and repeated keys, explained engine
 * refusals). A check that finds rows throws a {@link ModelRunException} naming the model and the
 * offending keys; the caller rolls back.
 */
final class StepRunner {
  private final Warehouse warehouse;
  private final Logger adapter;

  StepRunner(Warehouse warehouse) {
    this.warehouse = warehouse;
    this.adapter = Logger.getLogger(warehouse.dialect().name() + "Adapter");
  }

  /**
   * What the steps reported.
   *
   * @param counted the update counts of the statements that count rows
   * @param measuredRows the rows it returned as written, or null (keep {@code counted})
   * @param measuredWatermark the latest time value it returned, as text, or null
   * @param deleted the update counts of the statements that delete rows
   * @param matched the delta rows whose key the target held before a merge (updated), or 0
   */
  record Result(
      long counted, Long measuredRows, String measuredWatermark, long deleted, long matched) {
    /** The rows the run wrote: measured where a measure said so, else counted. */
    long rows() {
      return measuredRows != null ? measuredRows : counted;
    }

    /** Rows inserted: written rows less those a merge updated. */
    long inserted() {
      return Math.max(0, rows() - matched);
    }

    /** Rows updated: a merge's rows whose key was there (never more than were written). */
    long updated() {
      return Math.min(matched, rows());
    }
  }

  /** Runs {@code steps} of {@code model} in order. */
  Result run(List<? extends Step> steps, String model) throws SQLException {
    long counted = 0;
    Long measuredRows = null;
    String measuredWatermark = null;
    long deleted = 0;
    long matched = 0;
    for (Step step : steps) {
      if (step instanceof Step.Execute e) {
        long count = warehouse.execute(e.sql());
        counted += executed(e, count);
        deleted += e.effect() == Step.Effect.DELETED ? Math.max(0, count) : 0;
      } else if (step instanceof Step.Matched m) {
        Object n = warehouse.query(m.sql()).get(0).get(0);
        matched += n == null ? 0 : ((Number) n).longValue();
      } else if (step instanceof Step.FailIfAny f) {
        failIfAny(f, model);
      } else if (step instanceof Step.KeyCheck k) {
        checkKeys(k, model);
      } else if (step instanceof Step.Guarded g) {
        counted += executed(g.execute(), guarded(g, model));
      } else if (step instanceof Step.Measure m) {
        List<Object> row = warehouse.query(m.sql()).get(0);
        measuredRows = row.get(0) == null ? null : ((Number) row.get(0)).longValue();
        measuredWatermark = Literals.watermarkText(row.get(1));
      } else {
        throw new IllegalStateException("Cannot run a step of kind " + step.getClass().getName());
      }
    }
    return new Result(counted, measuredRows, measuredWatermark, deleted, matched);
  }

  /** Logs the statement's line; returns the rows it counts towards the run. */
  private long executed(Step.Execute e, long updateCount) {
    if (e.log() != null) {
      adapter.info(e.log());
    }
    return e.countsRows() ? Math.max(0, updateCount) : 0;
  }

  private void failIfAny(Step.FailIfAny f, String model) throws SQLException {
    List<List<Object>> rows = warehouse.query(f.sql());
    if (!rows.isEmpty()) {
      throw new ModelRunException(
          model, f.code(), f.message() + ": " + io.t4t.core.audit.TestResult.describe(rows));
    }
  }

  /**
   * Runs the statement; if it fails, runs the explaining checks (after rolling back to a savepoint
   * where a failed statement aborts the transaction) and throws what they find, else the error.
   */
  private long guarded(Step.Guarded g, String model) throws SQLException {
    Savepoint savepoint =
        warehouse.dialect().failedStatementAbortsTransaction()
            ? warehouse.connection().setSavepoint()
            : null;
    try {
      return warehouse.execute(g.execute().sql());
    } catch (SQLException e) {
      if (savepoint != null) {
        warehouse.connection().rollback(savepoint);
      }
      for (Step.FailIfAny f : g.explain()) {
        failIfAny(f, model);
      }
      throw e;
    }
  }

  /** Runs a combined key check: NULL keys first, then keys that repeat. */
  private void checkKeys(Step.KeyCheck k, String model) throws SQLException {
    List<List<Object>> rows = warehouse.query(k.sql());
    if (rows.isEmpty()) {
      return;
    }
    List<List<Object>> nulls =
        rows.stream().filter(r -> r.subList(0, k.keyCount()).contains(null)).toList();
    if (!nulls.isEmpty()) {
      throw new ModelRunException(
          model,
          ErrorCode.NULL_KEYS,
          k.nullMessage() + ": " + io.t4t.core.audit.TestResult.describe(nulls));
    }
    throw new ModelRunException(
        model,
        ErrorCode.DUPLICATE_KEYS,
        k.duplicateMessage() + ": " + io.t4t.core.audit.TestResult.describe(rows));
  }
}
