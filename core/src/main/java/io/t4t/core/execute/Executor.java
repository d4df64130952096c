package io.t4t.core.execute;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.error.Messages;
import io.t4t.core.error.ModelRunException;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.RunMode;
import io.t4t.core.sql.Literals;
import io.t4t.core.strategy.Step;
import io.t4t.core.strategy.Strategy;
import io.t4t.events.ErrorCode;
import java.sql.SQLException;
import java.util.List;
import java.util.logging.Logger;

/**
 * The executor role: applies one model run and its ledger row in one transaction. Any error rolls
 * everything back and fails the model, recorded apart in {@link RunFailures}; nothing is ever
 * retried as a full rebuild.
 */
public final class Executor {
  private static final Logger ENGINE = Logger.getLogger("ExecutionEngine");
  private static final Logger INCREMENTAL = Logger.getLogger("tee.engine.incremental_executor");

  private final Warehouse warehouse;
  private final Ledger ledger;
  private final StepRunner steps;
  private final Audits audits;
  private final RunFailures failures;

  public Executor(Warehouse warehouse) {
    this.warehouse = warehouse;
    this.ledger = new Ledger(warehouse);
    this.steps = new StepRunner(warehouse);
    this.audits = new Audits(warehouse);
    this.failures = new RunFailures(warehouse);
  }

  /** Where this executor records failed runs (shared with the fan-out protocol). */
  RunFailures failures() {
    return failures;
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

  /**
   * As {@link #execute(ModelRun, String)}, for a run planned from the model's ledger position
   * {@code basedOnLedgerSeq} (a backfill, planned in full before its first write): if another
   * session recorded a run or a reset of the model since, the plan is stale and the run fails with
   * {@link ErrorCode#STALE_PLAN}, changing nothing. The check is made under the ledger's lock, just
   * before the entry is appended, so no writer can commit in between where the engine has the lock.
   */
  public RunOutcome execute(ModelRun run, String runId, long basedOnLedgerSeq) {
    return execute(run, runId, true, basedOnLedgerSeq);
  }

  /** As {@link #execute(ModelRun, String)}; {@code logStart}: false when the caller logged it. */
  RunOutcome execute(ModelRun run, String runId, boolean logStart) {
    return execute(run, runId, logStart, null);
  }

  private RunOutcome execute(ModelRun run, String runId, boolean logStart, Long basedOn) {
    long started = System.nanoTime();
    String model = run.name().toString();
    if (logStart) {
      logStart(run);
    }
    if (run.mode() == RunMode.REFUSE) {
      return fail(run, runId, run.refusal(), run.reason(), started);
    }
    try {
      warehouse.begin();
      Ledger.Position position = ledger.position(runId, model);
      var already = position.applied();
      if (already.isPresent()) {
        warehouse.rollbackQuietly();
        ENGINE.info("Skipped " + model + ": run " + runId + " was already applied");
        return RunOutcome.alreadyApplied(run.name(), already.get(), millis(started));
      }
      if (run.target().kind() == io.t4t.core.plan.TargetInfo.Kind.NONE) {
        warehouse.execute(warehouse.dialect().createSchemaIfNotExists(run.name().schema()));
      }
      // the batch is audited before the strategy writes anything (decision 0011)
      List<io.t4t.core.audit.TestResult> tested = audits.run(run);
      StepRunner.Result result = steps.run(Executor.steps(run, warehouse.dialect()), model);
      long rows = result.rows();
      String watermark =
          run.mode() == RunMode.INCREMENTAL || run.mode() == RunMode.BACKFILL
              // a backfill never lowers the watermark (decision 0012)
              ? Literals.laterWatermark(run.previousWatermark(), result.measuredWatermark())
              : result.measuredWatermark();
      Ledger.Position locked = ledger.lockedPosition(runId, model, position);
      if (locked.applied().isPresent()) { // a concurrent delivery of this run committed first
        warehouse.rollbackQuietly();
        ENGINE.info("Skipped " + model + ": run " + runId + " was already applied");
        return RunOutcome.alreadyApplied(run.name(), locked.applied().get(), millis(started));
      }
      long now = basedOn == null ? 0 : ledger.latest(model).map(LedgerEntry::seq).orElse(0L);
      if (basedOn != null && now != basedOn) {
        warehouse.rollbackQuietly();
        return fail(run, runId, ErrorCode.STALE_PLAN, stale(run, basedOn, now), started);
      }
      LedgerEntry entry =
          ledger.append(
              LedgerEntry.applied(
                      runId, model, LedgerEntry.Definition.of(run.model()), watermark, rows)
                  .withDetail(RunDetails.of(run, result, watermark, millis(started))),
              locked.nextSeq());
      warehouse.commit();
      ENGINE.info("Successfully executed " + model + " with " + rows + " rows");
      return new RunOutcome(
          run.name(),
          RunOutcome.Status.SUCCEEDED,
          rows,
          entry,
          millis(started),
          null,
          null,
          tested);
    } catch (ModelRunException e) {
      warehouse.rollbackQuietly();
      return fail(run, runId, e.code(), e.getMessage(), started);
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      return fail(
          run,
          runId,
          errorCode(warehouse.dialect(), e),
          "Cannot run model " + model + ": " + Messages.firstLine(e.getMessage()),
          started);
    } catch (RuntimeException e) {
      warehouse.rollbackQuietly();
      return fail(run, runId, ErrorCode.INTERNAL, "Cannot run model " + model + ": " + e, started);
    }
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

  private static String stale(ModelRun run, long basedOn, long now) {
    boolean backfill = run.mode() == RunMode.BACKFILL;
    return "Cannot "
        + (backfill ? "backfill " : "run ")
        + run.name()
        + ": it was planned from ledger position "
        + basedOn
        + ", and the model's ledger is at "
        + now
        + " (another session recorded a run or a reset of it meanwhile); nothing was changed,"
        + (backfill ? " run the backfill again" : " run it again");
  }

  /**
   * Fails the run (rolled back before, or never begun): logged, recorded in the run history,
   * returned. The fan-out protocol's staging fails through here too.
   */
  RunOutcome fail(ModelRun run, String runId, ErrorCode code, String message, long started) {
    long millis = millis(started);
    return failures.failed(
        run.name(), RunDetails.failure(run, runId, code, message, millis), code, message, millis);
  }

  static long millis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }
}
