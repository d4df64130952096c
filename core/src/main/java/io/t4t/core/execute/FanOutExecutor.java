package io.t4t.core.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.error.Messages;
import io.t4t.core.error.ModelRunException;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.FanOut;
import io.t4t.core.project.ModelConfigHash;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.StrategyKind;
import io.t4t.core.sql.Literals;
import io.t4t.core.strategy.FanOutSteps;
import io.t4t.core.strategy.Step;
import io.t4t.events.ErrorCode;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Fanned-out model runs, in three transactions kinds, each idempotent:
 *
 * <ol>
 *   <li>{@link #stage}: the delta goes into a stage table with its bucket numbers and is checked as
 *       a whole; a row in {@code _t4t.stages} records what the sinks need. Small deltas are applied
 *       directly instead.
 *   <li>{@link #applyBucket}: a sink applies one bucket together with its row in {@code
 *       _t4t.buckets} (run, model, bucket): a redelivered bucket task finds the row and changes
 *       nothing.
 *   <li>{@link #finish}: once every bucket is applied, the run's ledger entry is written (the
 *       watermark advances only now) and the stage is dropped.
 * </ol>
 */
public final class FanOutExecutor {
  private static final Logger ENGINE = Logger.getLogger("ExecutionEngine");
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final TableName STAGES = new TableName("_t4t", "stages");
  public static final TableName BUCKETS = new TableName("_t4t", "buckets");

  private final Warehouse warehouse;
  private final Ledger ledger;
  private final Executor executor;

  public FanOutExecutor(Warehouse warehouse, Executor executor) {
    this.warehouse = warehouse;
    this.ledger = new Ledger(warehouse);
    this.executor = executor;
  }

  private Dialect d() {
    return warehouse.dialect();
  }

  /** Creates the stage and bucket registries if missing (outside any model transaction). */
  public void ensure() throws SQLException {
    if (warehouse.describe(BUCKETS, io.t4t.core.plan.TargetInfo.Kind.TABLE).kind()
        != io.t4t.core.plan.TargetInfo.Kind.NONE) {
      return;
    }
    try {
      warehouse.execute(d().createSchemaIfNotExists(STAGES.schema()));
      warehouse.execute(
          "CREATE TABLE IF NOT EXISTS "
              + d().table(STAGES)
              + " (run_id VARCHAR NOT NULL, model_name VARCHAR NOT NULL, spec VARCHAR NOT NULL,"
              + " delta_rows BIGINT NOT NULL, watermark VARCHAR, created_at TIMESTAMP NOT NULL,"
              + " PRIMARY KEY (run_id, model_name))");
      warehouse.execute(
          "CREATE TABLE IF NOT EXISTS "
              + d().table(BUCKETS)
              + " (run_id VARCHAR NOT NULL, model_name VARCHAR NOT NULL, bucket INTEGER NOT NULL,"
              + " rows_written BIGINT NOT NULL, applied_at TIMESTAMP NOT NULL,"
              + " PRIMARY KEY (run_id, model_name, bucket))");
    } catch (SQLException e) {
      if (warehouse.describe(BUCKETS, io.t4t.core.plan.TargetInfo.Kind.TABLE).kind()
          == io.t4t.core.plan.TargetInfo.Kind.NONE) {
        throw e;
      }
    }
  }

  /** What {@link #stage} did. */
  public sealed interface StageResult {}

  /** The delta is staged in {@code buckets} buckets (now, or by an earlier delivery). */
  public record Staged(int buckets, long deltaRows) implements StageResult {}

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
      Optional<StageRow> existing = stageRow(runId, model);
      if (existing.isPresent()) {
        warehouse.rollbackQuietly();
        ENGINE.info("Run " + runId + " of " + model + " is already staged; sending its buckets");
        return new Staged(existing.get().spec().buckets(), existing.get().deltaRows());
      }
      dropAbandoned(model, runId);
      FanOutSteps.Staged spec =
          FanOutSteps.staged(run, d(), stageTable(runId, model), fanOut.buckets());
      long rows = 0;
      String watermark = null;
      for (Step step : FanOutSteps.stage(run, d(), spec)) {
        if (step instanceof Step.Execute e) {
          warehouse.execute(e.sql());
        } else if (step instanceof Step.Guarded g) {
          executor.guarded(g, model);
        } else if (step instanceof Step.FailIfAny f) {
          List<List<Object>> found = warehouse.query(f.sql());
          if (!found.isEmpty()) {
            throw new ModelRunException(
                model, f.code(), f.message() + ": " + Executor.describe(found));
          }
        } else if (step instanceof Step.Measure m) {
          List<Object> row = warehouse.query(m.sql()).get(0);
          rows = ((Number) row.get(0)).longValue();
          watermark = Literals.watermarkText(row.get(1));
        }
      }
      if (!fanOut.splits(rows)) {
        warehouse.rollbackQuietly();
        return new Direct(executor.execute(run, runId, false));
      }
      try (var s =
          warehouse
              .connection()
              .prepareStatement(
                  "INSERT INTO "
                      + d().table(STAGES)
                      + " (run_id, model_name, spec, delta_rows, watermark, created_at)"
                      + " VALUES (?, ?, ?, ?, ?, ?)")) {
        s.setString(1, runId);
        s.setString(2, model);
        s.setString(
            3, JSON.writeValueAsString(new Spec(spec, run, FanOutSteps.exactCount(d(), spec))));
        s.setLong(4, rows);
        s.setString(5, Literals.laterWatermark(run.previousWatermark(), watermark));
        s.setTimestamp(6, Timestamp.valueOf(now()));
        s.executeUpdate();
      }
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
      return new Direct(fail(run.name(), e.code(), e.getMessage(), started));
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      if (d().isConflict(e) || d().isUniqueViolation(e)) {
        // a concurrent delivery of the same command staged it first: send its buckets
        try {
          Optional<StageRow> staged = stageRow(runId, model);
          if (staged.isPresent()) {
            return new Staged(staged.get().spec().buckets(), staged.get().deltaRows());
          }
        } catch (SQLException ignored) {
          // fall through to the failure
        }
      }
      return new Direct(
          fail(
              run.name(),
              Executor.errorCode(d(), e),
              "Cannot stage model " + model + ": " + Messages.firstLine(e.getMessage()),
              started));
    } catch (JsonProcessingException | RuntimeException e) {
      warehouse.rollbackQuietly();
      return new Direct(
          fail(run.name(), ErrorCode.INTERNAL, "Cannot stage model " + model + ": " + e, started));
    }
  }

  /** What a bucket sink did. */
  public record BucketOutcome(
      boolean ok, long rows, boolean alreadyApplied, ErrorCode errorCode, String message) {}

  /** Applies one bucket and its bucket-ledger row in one transaction. */
  public BucketOutcome applyBucket(String runId, String model, int bucket, int buckets) {
    String what = "bucket " + bucket + " of " + buckets + " of " + model;
    try {
      warehouse.begin();
      if (ledger.position(runId, model).applied().isPresent()) {
        warehouse.rollbackQuietly();
        return new BucketOutcome(true, 0, true, null, null); // the run is finished already
      }
      Optional<Long> done = bucketRow(runId, model, bucket);
      if (done.isPresent()) {
        warehouse.rollbackQuietly();
        ENGINE.info("Skipped " + what + ": run " + runId + " already applied it");
        return new BucketOutcome(true, done.get(), true, null, null);
      }
      Optional<StageRow> stage = stageRow(runId, model);
      if (stage.isEmpty()) {
        warehouse.rollbackQuietly();
        return new BucketOutcome(
            false,
            0,
            false,
            ErrorCode.INTERNAL,
            "Cannot apply "
                + what
                + ": run "
                + runId
                + " has no staged delta (a later run of the model replaced it); run the model"
                + " again");
      }
      ENGINE.info("Applying " + what + " (run " + runId + ")");
      long rows = 0;
      for (Step.Execute e : FanOutSteps.applyBucket(d(), stage.get().spec().staged(), bucket)) {
        long n = warehouse.execute(e.sql());
        if (e.countsRows()) {
          rows += Math.max(0, n);
        }
      }
      try (var s =
          warehouse
              .connection()
              .prepareStatement(
                  "INSERT INTO "
                      + d().table(BUCKETS)
                      + " (run_id, model_name, bucket, rows_written, applied_at)"
                      + " VALUES (?, ?, ?, ?, ?)")) {
        s.setString(1, runId);
        s.setString(2, model);
        s.setInt(3, bucket);
        s.setLong(4, rows);
        s.setTimestamp(5, Timestamp.valueOf(now()));
        s.executeUpdate();
      }
      warehouse.commit();
      ENGINE.info("Applied " + what + ": " + rows + " rows (run " + runId + ")");
      return new BucketOutcome(true, rows, false, null, null);
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      if (d().isConflict(e) || d().isUniqueViolation(e)) {
        // a concurrent delivery of the same bucket committed first: answer from its row
        try {
          Optional<Long> done = bucketRow(runId, model, bucket);
          if (done.isPresent()) {
            return new BucketOutcome(true, done.get(), true, null, null);
          }
        } catch (SQLException ignored) {
          // fall through to the failure
        }
      }
      ErrorCode code = Executor.errorCode(d(), e);
      return new BucketOutcome(
          false,
          0,
          false,
          code,
          "Cannot apply " + what + ": " + Messages.firstLine(e.getMessage()));
    } catch (RuntimeException e) {
      warehouse.rollbackQuietly();
      return new BucketOutcome(
          false, 0, false, ErrorCode.INTERNAL, "Cannot apply " + what + ": " + e);
    }
  }

  /**
   * Records a fanned-out run once every bucket is applied: its ledger entry (the watermark advances
   * now, not before) and the end of its stage, in one transaction.
   */
  public RunOutcome finish(ModelName name, String runId) {
    long started = System.nanoTime();
    String model = name.toString();
    try {
      warehouse.begin();
      Ledger.Position position = ledger.lockedPosition(runId, model);
      if (position.applied().isPresent()) {
        warehouse.rollbackQuietly();
        LedgerEntry done = position.applied().get();
        return new RunOutcome(
            name,
            RunOutcome.Status.ALREADY_APPLIED,
            done.rowsWritten(),
            done,
            Executor.millis(started),
            null,
            null);
      }
      Optional<StageRow> stage = stageRow(runId, model);
      if (stage.isEmpty()) {
        warehouse.rollbackQuietly();
        return fail(
            name,
            ErrorCode.INTERNAL,
            "Cannot finish run " + runId + " of " + model + ": it has no staged delta",
            started);
      }
      Spec spec = stage.get().spec();
      List<Object> counts =
          warehouse
              .query(
                  "SELECT count(*), coalesce(sum(rows_written), 0) FROM "
                      + d().table(BUCKETS)
                      + " WHERE run_id = ? AND model_name = ?",
                  runId,
                  model)
              .get(0);
      long applied = ((Number) counts.get(0)).longValue();
      long rows = ((Number) counts.get(1)).longValue();
      if (applied < spec.buckets()) {
        warehouse.rollbackQuietly();
        return fail(
            name,
            ErrorCode.TRANSIENT,
            "Cannot finish run "
                + runId
                + " of "
                + model
                + ": "
                + applied
                + " of "
                + spec.buckets()
                + " buckets are applied",
            started);
      }
      long staged =
          ((Number)
                  warehouse
                      .query("SELECT count(*) FROM " + d().table(spec.staged().stage()))
                      .get(0)
                      .get(0))
              .longValue();
      if ((spec.exactCount() && rows != stage.get().deltaRows())
          || (stage.get().deltaRows() > 0 && staged == 0)) {
        warehouse.rollbackQuietly();
        return fail(
            name,
            ErrorCode.INTERNAL,
            "Cannot finish run "
                + runId
                + " of "
                + model
                + ": its buckets wrote "
                + rows
                + " rows but the staged delta held "
                + stage.get().deltaRows()
                + " (was the stage lost, e.g. in a database restart?); the watermark did not"
                + " advance: run the model again",
            started);
      }
      LedgerEntry entry =
          ledger.append(
              new LedgerEntry(
                  0,
                  runId,
                  model,
                  LedgerEntry.APPLIED,
                  spec.materialization(),
                  spec.strategyName(),
                  spec.sqlHash(),
                  spec.configHash(),
                  stage.get().watermark(),
                  rows,
                  null),
              position.nextSeq());
      cleanUp(runId, model, spec.staged().stage());
      warehouse.commit();
      ENGINE.info(
          "Successfully executed "
              + model
              + " with "
              + rows
              + " rows in "
              + spec.buckets()
              + " buckets");
      return new RunOutcome(
          name, RunOutcome.Status.SUCCEEDED, rows, entry, Executor.millis(started), null, null);
    } catch (SQLException e) {
      warehouse.rollbackQuietly();
      return fail(
          name,
          Executor.errorCode(d(), e),
          "Cannot finish model " + model + ": " + Messages.firstLine(e.getMessage()),
          started);
    } catch (RuntimeException e) {
      warehouse.rollbackQuietly();
      return fail(name, ErrorCode.INTERNAL, "Cannot finish model " + model + ": " + e, started);
    }
  }

  /** Stages of earlier runs of the model that never finished (their run failed or was replaced). */
  private void dropAbandoned(String model, String runId) throws SQLException {
    for (List<Object> r :
        warehouse.query(
            "SELECT run_id, spec FROM "
                + d().table(STAGES)
                + " WHERE model_name = ? AND run_id <> ?",
            model,
            runId)) {
      Spec spec = parse((String) r.get(1));
      cleanUp((String) r.get(0), model, spec.staged().stage());
    }
  }

  private void cleanUp(String runId, String model, TableName stage) throws SQLException {
    warehouse.execute(d().dropTable(stage));
    for (TableName t : List.of(STAGES, BUCKETS)) {
      try (var s =
          warehouse
              .connection()
              .prepareStatement(
                  "DELETE FROM " + d().table(t) + " WHERE run_id = ? AND model_name = ?")) {
        s.setString(1, runId);
        s.setString(2, model);
        s.executeUpdate();
      }
    }
  }

  /** The stage table of a run of a model: {@code _t4t.stage_<hash>}. */
  static TableName stageTable(String runId, String model) {
    return new TableName(
        "_t4t", "stage_" + io.t4t.core.sql.Hashes.sha256(runId + "/" + model).substring(0, 20));
  }

  private record StageRow(Spec spec, long deltaRows, String watermark) {}

  /** The stage's description, stored as JSON in {@code _t4t.stages.spec}. */
  record Spec(
      String stageSchema,
      String stageName,
      String targetSchema,
      String targetName,
      String strategy,
      List<String> keys,
      List<String> columns,
      boolean keepLatest,
      String timeColumn,
      String deleteCondition,
      int buckets,
      String materialization,
      String strategyName,
      String sqlHash,
      String configHash,
      boolean exactCount) {
    Spec(FanOutSteps.Staged s, ModelRun run, boolean exactCount) {
      this(
          s.stage().schema(),
          s.stage().name(),
          s.target().schema(),
          s.target().name(),
          s.strategy().wireName(),
          s.keys(),
          s.columns(),
          s.keepLatest(),
          s.timeColumn(),
          s.deleteCondition(),
          s.buckets(),
          run.model().config().materialization().wireName(),
          run.model().config().strategyName(),
          run.model().sql().hash(),
          ModelConfigHash.of(run.model().config()),
          exactCount);
    }

    FanOutSteps.Staged staged() {
      return new FanOutSteps.Staged(
          new TableName(stageSchema, stageName),
          new TableName(targetSchema, targetName),
          StrategyKind.fromName(strategy),
          keys,
          columns,
          keepLatest,
          timeColumn,
          deleteCondition,
          buckets);
    }
  }

  private Optional<StageRow> stageRow(String runId, String model) throws SQLException {
    List<List<Object>> rows =
        warehouse.query(
            "SELECT spec, delta_rows, watermark FROM "
                + d().table(STAGES)
                + " WHERE run_id = ? AND model_name = ?",
            runId,
            model);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    List<Object> r = rows.get(0);
    return Optional.of(
        new StageRow(parse((String) r.get(0)), ((Number) r.get(1)).longValue(), (String) r.get(2)));
  }

  private Optional<Long> bucketRow(String runId, String model, int bucket) throws SQLException {
    List<List<Object>> rows =
        warehouse.query(
            "SELECT rows_written FROM "
                + d().table(BUCKETS)
                + " WHERE run_id = ? AND model_name = ? AND bucket = ?",
            runId,
            model,
            bucket);
    return rows.isEmpty()
        ? Optional.empty()
        : Optional.of(((Number) rows.get(0).get(0)).longValue());
  }

  private static Spec parse(String json) {
    try {
      return JSON.readValue(json, Spec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable stage description: " + e.getMessage(), e);
    }
  }

  private RunOutcome fail(ModelName model, ErrorCode code, String message, long started) {
    ENGINE.severe("Failed to execute " + model + ": " + message);
    return RunOutcome.failed(model, code, message, Executor.millis(started));
  }

  private static LocalDateTime now() {
    return LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
  }
}
