package io.t4t.core.execute;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.error.Messages;
import io.t4t.core.error.ModelRunException;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.RunMode;
import io.t4t.core.project.ModelConfig;
import io.t4t.core.project.ModelConfigHash;
import io.t4t.core.sql.Literals;
import io.t4t.core.strategy.Step;
import io.t4t.core.strategy.Strategy;
import io.t4t.events.ErrorCode;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

/**
 * The executor role: applies one model run and its ledger row in one transaction. Any error rolls
 * everything back and fails the model; nothing is ever retried as a full rebuild.
 */
public final class Executor {
  private static final Logger ENGINE = Logger.getLogger("ExecutionEngine");
  private static final Logger INCREMENTAL = Logger.getLogger("tee.engine.incremental_executor");

  private final Warehouse warehouse;
  private final Ledger ledger;
  private final Logger adapter;

  public Executor(Warehouse warehouse) {
    this.warehouse = warehouse;
    this.ledger = new Ledger(warehouse);
    this.adapter = Logger.getLogger(warehouse.dialect().name() + "Adapter");
  }

  /** The statements a run would execute, for {@code t4t compile}. */
  public static List<Step> steps(ModelRun run, Dialect dialect) {
    return Strategy.forRun(run).steps(run, dialect);
  }

  /**
   * Applies {@code run} as part of {@code runId}. Never throws for model errors: a failure is
   * returned as a {@link RunOutcome.Status#FAILED} outcome, with the target untouched.
   */
  public RunOutcome execute(ModelRun run, String runId) {
    return execute(run, runId, true);
  }

  /** As {@link #execute(ModelRun, String)}; {@code logStart}: false when the caller logged it. */
  RunOutcome execute(ModelRun run, String runId, boolean logStart) {
    long started = System.nanoTime();
    String model = run.name().toString();
    if (logStart) {
      logStart(run);
    }
    if (run.mode() == RunMode.REFUSE) {
      return fail(run, run.refusal(), run.reason(), started);
    }
    ModelConfig config = run.model().config();
    try {
      warehouse.begin();
      Ledger.Position position = ledger.position(runId, model);
      var already = position.applied();
      if (already.isPresent()) {
        warehouse.rollbackQuietly();
        ENGINE.info("Skipped " + model + ": run " + runId + " was already applied");
        return new RunOutcome(
            run.name(),
            RunOutcome.Status.ALREADY_APPLIED,
            already.get().rowsWritten(),
            already.get(),
            millis(started),
            null,
            null);
      }
      if (run.target().kind() == io.t4t.core.plan.TargetInfo.Kind.NONE) {
        warehouse.execute(warehouse.dialect().createSchemaIfNotExists(run.name().schema()));
      }
      long counted = 0;
      Long measuredRows = null;
      String measuredWatermark = null;
      for (Step step : Executor.steps(run, warehouse.dialect())) {
        if (step instanceof Step.Execute e) {
          long n = warehouse.execute(e.sql());
          if (e.countsRows()) {
            counted += Math.max(0, n);
          }
          if (e.log() != null) {
            adapter.info(e.log());
          }
        } else if (step instanceof Step.FailIfAny f) {
          List<List<Object>> rows = warehouse.query(f.sql());
          if (!rows.isEmpty()) {
            throw new ModelRunException(model, f.code(), f.message() + ": " + describe(rows));
          }
        } else if (step instanceof Step.KeyCheck k) {
          checkKeys(k, model);
        } else if (step instanceof Step.Guarded g) {
          long n = guarded(g, model);
          if (g.execute().countsRows()) {
            counted += Math.max(0, n);
          }
          if (g.execute().log() != null) {
            adapter.info(g.execute().log());
          }
        } else if (step instanceof Step.Measure m) {
          List<Object> row = warehouse.query(m.sql()).get(0);
          measuredRows = row.get(0) == null ? null : ((Number) row.get(0)).longValue();
          measuredWatermark = Literals.watermarkText(row.get(1));
        }
      }
      long rows = measuredRows != null ? measuredRows : counted;
      String watermark =
          run.mode() == RunMode.INCREMENTAL
              ? Literals.laterWatermark(run.previousWatermark(), measuredWatermark)
              : measuredWatermark;
      Ledger.Position locked = ledger.lockedPosition(runId, model, position);
      if (locked.applied().isPresent()) { // a concurrent delivery of this run committed first
        warehouse.rollbackQuietly();
        ENGINE.info("Skipped " + model + ": run " + runId + " was already applied");
        LedgerEntry done = locked.applied().get();
        return new RunOutcome(
            run.name(),
            RunOutcome.Status.ALREADY_APPLIED,
            done.rowsWritten(),
            done,
            millis(started),
            null,
            null);
      }
      LedgerEntry entry =
          ledger.append(
              new LedgerEntry(
                  0,
                  runId,
                  model,
                  LedgerEntry.APPLIED,
                  config.materialization().wireName(),
                  config.strategyName(),
                  run.model().sql().hash(),
                  ModelConfigHash.of(config),
                  watermark,
                  rows,
                  null),
              locked.nextSeq());
      warehouse.commit();
      ENGINE.info("Successfully executed " + model + " with " + rows + " rows");
      return new RunOutcome(
          run.name(), RunOutcome.Status.SUCCEEDED, rows, entry, millis(started), null, null);
    } catch (ModelRunException e) {
      warehouse.rollbackQuietly();
      return fail(run, e.code(), e.getMessage(), started);
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      return fail(
          run,
          errorCode(warehouse.dialect(), e),
          "Cannot run model " + model + ": " + Messages.firstLine(e.getMessage()),
          started);
    } catch (RuntimeException e) {
      warehouse.rollbackQuietly();
      return fail(run, ErrorCode.INTERNAL, "Cannot run model " + model + ": " + e, started);
    }
  }

  /**
   * Runs the statement; if it fails, runs the explaining checks (after rolling back to a savepoint
   * where a failed statement aborts the transaction) and throws what they find, else the error.
   */
  long guarded(Step.Guarded g, String model) throws SQLException {
    java.sql.Savepoint savepoint =
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
        List<List<Object>> rows = warehouse.query(f.sql());
        if (!rows.isEmpty()) {
          throw new ModelRunException(model, f.code(), f.message() + ": " + describe(rows));
        }
      }
      throw e;
    }
  }

  /** Runs a combined key check: NULL keys first, then keys that repeat. */
  void checkKeys(Step.KeyCheck k, String model) throws SQLException {
    List<List<Object>> rows = warehouse.query(k.sql());
    if (rows.isEmpty()) {
      return;
    }
    List<List<Object>> nulls =
        rows.stream().filter(r -> r.subList(0, k.keyCount()).contains(null)).toList();
    if (!nulls.isEmpty()) {
      throw new ModelRunException(
          model, ErrorCode.NULL_KEYS, k.nullMessage() + ": " + describe(nulls));
    }
    throw new ModelRunException(
        model, ErrorCode.DUPLICATE_KEYS, k.duplicateMessage() + ": " + describe(rows));
  }

  /** The seed's lines at the start of a model run. */
  static void logStart(ModelRun run) {
    String model = run.name().toString();
    ENGINE.info("Executing model: " + model);
    if (run.mode() == RunMode.INCREMENTAL) {
      INCREMENTAL.info(
          "Running incremental "
              + run.model().config().strategyName()
              + " for "
              + model
              + " with "
              + run.startLabel()
              + " start_date");
      if (run.resolvedStart() != null) {
        INCREMENTAL.info("Resolved variable " + run.startLabel() + " to " + run.resolvedStart());
      }
    }
  }

  /**
   * TRANSIENT for what the engine's provider calls retryable (lost connections, write conflicts
   * with concurrent sessions: trying again may succeed), SQL_ERROR for everything the engine
   * rejected.
   */
  static ErrorCode errorCode(Dialect dialect, SQLException e) {
    return io.t4t.core.engine.EngineProviders.classify(dialect, e).retryable()
        ? ErrorCode.TRANSIENT
        : ErrorCode.SQL_ERROR;
  }

  private RunOutcome fail(ModelRun run, ErrorCode code, String message, long started) {
    ENGINE.severe("Failed to execute " + run.name() + ": " + message);
    return RunOutcome.failed(run.name(), code, message, millis(started));
  }

  static String describe(List<List<Object>> rows) {
    StringBuilder sb = new StringBuilder();
    for (List<Object> row : rows) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(
          row.size() == 1
              ? String.valueOf(row.get(0))
              : "(" + String.join(", ", row.stream().map(String::valueOf).toList()) + ")");
    }
    return sb.toString();
  }

  static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
