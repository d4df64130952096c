package io.t4t.core.execute;

import io.t4t.core.audit.TestResult;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.error.Messages;
import io.t4t.core.error.ModelRunException;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.FanOut;
import io.t4t.core.project.ModelName;
import io.t4t.core.sql.Literals;
import io.t4t.core.strategy.FanOutSteps;
import io.t4t.events.ErrorCode;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The fan-out protocol: a fanned-out model run in three kinds of transaction, each idempotent. The
 * statements come from {@link FanOutSteps} and run through the same {@link StepRunner} as a whole
 * run (with its key checks); what the transactions record is kept by the {@link StageRegistry}.
 *
 * <ol>
 *   <li>{@link #stage}: the delta goes into a stage table with its bucket numbers and is checked as
 *       a whole; a stage row records what the sinks need. Small deltas are applied directly
 *       instead.
 *   <li>{@link #applyBucket}: a sink applies one bucket together with its bucket row (run, model,
 *       bucket): a redelivered bucket task finds the row and changes nothing.
 *   <li>{@link #finish}: once every bucket is applied, the run's ledger entry is written (the
 *       watermark advances only now) and the stage is dropped.
 * </ol>
 */
public final class FanOutExecutor {
  private static final Logger ENGINE = Logger.getLogger("ExecutionEngine");

  private final Warehouse warehouse;
  private final Ledger ledger;
  private final StageRegistry stages;
  private final StepRunner steps;
  private final Executor executor;
  private final Audits audits;

  public FanOutExecutor(Warehouse warehouse, Executor executor) {
    this.warehouse = warehouse;
    this.ledger = new Ledger(warehouse);
    this.stages = new StageRegistry(warehouse);
    this.steps = new StepRunner(warehouse);
    this.executor = executor;
    this.audits = new Audits(warehouse);
  }

  private Dialect d() {
    return warehouse.dialect();
  }

  /** Creates the stage and bucket registries if missing (outside any model transaction). */
  public void ensure() throws SQLException {
    stages.ensure();
  }

  /** What {@link #stage} did. */
  public sealed interface StageResult {}

  /** The delta is staged in {@code buckets} buckets (now, or by an earlier delivery). */
  public record Staged(int buckets, long deltaRows) implements StageResult {
    Staged(StageRegistry.Row row) {
      this(row.stage().staged().buckets(), row.deltaRows());
    }
  }

  /** The run was applied in one transaction (small delta, or already applied), or failed. */
  public record Direct(RunOutcome outcome) implements StageResult {}

  /**
   * Stages an incremental merge or delete_insert for fan-out, or applies it directly when its delta
   * is smaller than {@code fanOut.minRows()}.
   */
  public StageResult stage(ModelRun run, String runId, FanOut fanOut) {
    long started = System.nanoTime();
    String model = run.name().toString();
    if (!fanOut.splits(Long.MAX_VALUE) || !FanOutSteps.splittable(run)) {
      return new Direct(executor.execute(run, runId));
    }
    Executor.logStart(run);
    try {
      warehouse.begin();
      if (ledger.position(runId, model).applied().isPresent()) {
        warehouse.rollbackQuietly();
        return new Direct(executor.execute(run, runId, false)); // answers from the ledger
      }
      Optional<StageRegistry.Row> existing = stages.find(runId, model);
      if (existing.isPresent()) {
        warehouse.rollbackQuietly();
        ENGINE.info("Run " + runId + " of " + model + " is already staged; sending its buckets");
        return new Staged(existing.get());
      }
      stages.dropAbandoned(model, runId);
      // before staging: a blocking failure stages nothing (decision 0011); the others are
      // recorded with the stage and reported when the run finishes
      List<TestResult> tested = audits.run(run);
      FanOutSteps.Staged spec =
          FanOutSteps.staged(run, d(), StageRegistry.stageTable(runId, model), fanOut.buckets());
      StepRunner.Result measured = steps.run(FanOutSteps.stage(run, d(), spec), model);
      long rows = measured.rows();
      if (!fanOut.splits(rows)) {
        warehouse.rollbackQuietly();
        return new Direct(executor.execute(run, runId, false));
      }
      stages.add(
          runId,
          model,
          new StageRegistry.Stage(
              spec,
              LedgerEntry.Definition.of(run.model()),
              FanOutSteps.exactCount(d(), spec),
              tested.stream().map(TestResult::event).toList(),
              run.previousWatermark()),
          rows,
          Literals.laterWatermark(run.previousWatermark(), measured.measuredWatermark()));
      warehouse.commit();
      ENGINE.info(
          "Staged "
              + rows
              + " rows of "
              + model
              + " in "
              + spec.buckets()
              + " buckets by a hash of "
              + spec.keys());
      return new Staged(spec.buckets(), rows);
    } catch (ModelRunException e) {
      warehouse.rollbackQuietly();
      return new Direct(executor.fail(run, runId, e.code(), e.getMessage(), started));
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      if (d().isConflict(e) || d().isUniqueViolation(e)) {
        // a concurrent delivery of the same command staged it first: send its buckets
        try {
          Optional<StageRegistry.Row> staged = stages.find(runId, model);
          if (staged.isPresent()) {
            return new Staged(staged.get());
          }
        } catch (SQLException ignored) {
          // fall through to the failure
        }
      }
      return new Direct(
          executor.fail(
              run,
              runId,
              Executor.errorCode(d(), e),
              "Cannot stage model " + model + ": " + Messages.firstLine(e.getMessage()),
              started));
    } catch (RuntimeException e) {
      warehouse.rollbackQuietly();
      return new Direct(
          executor.fail(
              run, runId, ErrorCode.INTERNAL, "Cannot stage model " + model + ": " + e, started));
    }
  }

  /** What a bucket sink did. */
  public record BucketOutcome(
      boolean ok, long rows, boolean alreadyApplied, ErrorCode errorCode, String message) {
    static BucketOutcome applied(long rows, boolean before) {
      return new BucketOutcome(true, rows, before, null, null);
    }

    static BucketOutcome failed(ErrorCode code, String message) {
      return new BucketOutcome(false, 0, false, code, message);
    }
  }

  /**
   * Applies one bucket and its bucket row in one transaction; a failure (rolled back) is recorded
   * in the run history as the failure of the model's run.
   */
  public BucketOutcome applyBucket(String runId, String model, int bucket, int buckets) {
    BucketOutcome outcome = bucketOutcome(runId, model, bucket, buckets);
    if (!outcome.ok()) {
      ENGINE.severe("Failed to execute " + model + ": " + outcome.message());
      executor
          .failures()
          .record(incremental(runId, model, outcome.errorCode(), outcome.message(), null));
    }
    return outcome;
  }

  private BucketOutcome bucketOutcome(String runId, String model, int bucket, int buckets) {
    String what = "bucket " + bucket + " of " + buckets + " of " + model;
    try {
      warehouse.begin();
      if (ledger.position(runId, model).applied().isPresent()) {
        warehouse.rollbackQuietly();
        return BucketOutcome.applied(0, true); // the run is finished already
      }
      Optional<Long> done = stages.bucket(runId, model, bucket);
      if (done.isPresent()) {
        warehouse.rollbackQuietly();
        ENGINE.info("Skipped " + what + ": run " + runId + " already applied it");
        return BucketOutcome.applied(done.get(), true);
      }
      Optional<StageRegistry.Row> stage = stages.find(runId, model);
      if (stage.isEmpty()) {
        warehouse.rollbackQuietly();
        return BucketOutcome.failed(
            ErrorCode.INTERNAL,
            "Cannot apply "
                + what
                + ": run "
                + runId
                + " has no staged delta (a later run of the model replaced it); run the model"
                + " again");
      }
      ENGINE.info("Applying " + what + " (run " + runId + ")");
      long rows =
          steps
              .run(FanOutSteps.applyBucket(d(), stage.get().stage().staged(), bucket), model)
              .counted();
      stages.addBucket(runId, model, bucket, rows);
      warehouse.commit();
      ENGINE.info("Applied " + what + ": " + rows + " rows (run " + runId + ")");
      return BucketOutcome.applied(rows, false);
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      if (d().isConflict(e) || d().isUniqueViolation(e)) {
        // a concurrent delivery of the same bucket committed first: answer from its row
        try {
          Optional<Long> done = stages.bucket(runId, model, bucket);
          if (done.isPresent()) {
            return BucketOutcome.applied(done.get(), true);
          }
        } catch (SQLException ignored) {
          // fall through to the failure
        }
      }
      return BucketOutcome.failed(
          Executor.errorCode(d(), e),
          "Cannot apply " + what + ": " + Messages.firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      warehouse.rollbackQuietly();
      return BucketOutcome.failed(ErrorCode.INTERNAL, "Cannot apply " + what + ": " + e);
    }
  }

  /**
   * Records a fanned-out run once every bucket is applied: its ledger entry (the watermark advances
   * now, not before) and the end of its stage, in one transaction.
   */
  public RunOutcome finish(ModelName name, String runId) {
    long started = System.nanoTime();
    String model = name.toString();
    String cannot = "Cannot finish run " + runId + " of " + model + ": ";
    try {
      warehouse.begin();
      Ledger.Position position = ledger.lockedPosition(runId, model);
      if (position.applied().isPresent()) {
        warehouse.rollbackQuietly();
        return RunOutcome.alreadyApplied(name, position.applied().get(), Executor.millis(started));
      }
      Optional<StageRegistry.Row> row = stages.find(runId, model);
      if (row.isEmpty()) {
        warehouse.rollbackQuietly();
        return fail(name, runId, ErrorCode.INTERNAL, cannot + "it has no staged delta", started);
      }
      StageRegistry.Stage stage = row.get().stage();
      int buckets = stage.staged().buckets();
      StageRegistry.Applied applied = stages.applied(runId, model);
      if (applied.buckets() < buckets) {
        warehouse.rollbackQuietly();
        return fail(
            name,
            runId,
            ErrorCode.TRANSIENT,
            cannot + applied.buckets() + " of " + buckets + " buckets are applied",
            started);
      }
      long rows = applied.rows();
      long deltaRows = row.get().deltaRows();
      if ((stage.exactCount() && rows != deltaRows)
          || (deltaRows > 0 && stages.stagedRows(stage.staged().stage()) == 0)) {
        warehouse.rollbackQuietly();
        return fail(
            name,
            runId,
            ErrorCode.INTERNAL,
            cannot
                + "its buckets wrote "
                + rows
                + " rows but the staged delta held "
                + deltaRows
                + " (was the stage lost, e.g. in a database restart?); the watermark did not"
                + " advance: run the model again",
            started);
      }
      LedgerEntry entry =
          ledger.append(
              LedgerEntry.applied(runId, model, stage.definition(), row.get().watermark(), rows)
                  // the buckets' writes are not split into inserted and updated rows
                  .withDetail(
                      new LedgerEntry.RunDetail(
                          LedgerEntry.RunDetail.INCREMENTAL,
                          stage.windowStart(),
                          row.get().watermark(),
                          null,
                          null,
                          null,
                          Executor.millis(started))),
              position.nextSeq());
      stages.remove(runId, model);
      warehouse.commit();
      ENGINE.info(
          "Successfully executed " + model + " with " + rows + " rows in " + buckets + " buckets");
      return new RunOutcome(
          name,
          RunOutcome.Status.SUCCEEDED,
          rows,
          entry,
          Executor.millis(started),
          null,
          null,
          stage.tests().stream().map(t -> TestResult.of(name, t)).toList());
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      return fail(
          name,
          runId,
          Executor.errorCode(d(), e),
          "Cannot finish model " + model + ": " + Messages.firstLine(e.getMessage()),
          started);
    } catch (RuntimeException e) {
      warehouse.rollbackQuietly();
      return fail(
          name, runId, ErrorCode.INTERNAL, "Cannot finish model " + model + ": " + e, started);
    }
  }

  /** Fails a fanned-out run's finish (rolled back before): logged, recorded, returned. */
  private RunOutcome fail(
      ModelName model, String runId, ErrorCode code, String message, long started) {
    long millis = Executor.millis(started);
    return executor
        .failures()
        .failed(
            model,
            incremental(runId, model.toString(), code, message, millis),
            code,
            message,
            millis);
  }

  /** The record of a fanned-out incremental run's failure after staging (its window is staged). */
  private static RunFailure incremental(
      String runId, String model, ErrorCode code, String message, Long millis) {
    return RunFailure.of(
        runId, model, LedgerEntry.RunDetail.INCREMENTAL, null, null, code, message, millis);
  }
}
