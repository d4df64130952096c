package io.t4t.core.execute;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.strategy.FanOutSteps;
import io.t4t.events.TestOutcome;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The registry of fanned-out runs in the target database, read and written inside the caller's
 * transaction: {@code _t4t.stages} holds one row per staged run of a model (what its bucket sinks
 * need, recorded so that no sink re-plans), {@code _t4t.buckets} one row per bucket a sink applied
 * (its primary key makes a redelivered bucket a no-op). Each staged delta lives in its own table,
 * {@link #stageTable}.
 *
 * <p><b>Layout versions.</b> The tables' columns are layout 1, rendered by the dialect ({@link
 * Dialect#createStageRegistry}, {@link Dialect#createBucketRegistry}); they are unchanged since
 * fan-out began. The stage description in column {@code spec} is JSON that records its own version,
 * {@link #VERSION}: version 1 was an earlier t4t's flat, unversioned description; version 2 is
 * {@link Stage} without its audits' outcomes and window start, read as a stage whose batch ran no
 * audits and whose window start is unknown; version 3 adds them. A row of another version is
 * refused naming both versions, never misread. A later change to the description or to the tables'
 * columns raises {@link #VERSION}, so the change is detected in every row. No migration is needed:
 * a stage lives only while its run is in flight, a refused run is run again, and an abandoned stage
 * is dropped by its table name alone (derived from run and model, not read from the description).
 */
public final class StageRegistry {
  public static final TableName STAGES = new TableName("_t4t", "stages");
  public static final TableName BUCKETS = new TableName("_t4t", "buckets");

  /** The version of the stage description this t4t writes and reads. */
  public static final int VERSION = 3;

  /** The oldest description this t4t reads: version 2 lacks only {@link Stage#tests}. */
  static final int OLDEST_READ = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Warehouse warehouse;

  public StageRegistry(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  private Dialect d() {
    return warehouse.dialect();
  }

  /**
   * What a stage row records about a staged run: everything its bucket sinks and its finish need.
   *
   * @param version {@link #VERSION} when written by this t4t
   * @param staged the statements' inputs, as the strategy describes them
   * @param definition the model definition the ledger will record
   * @param exactCount the buckets together must write exactly the staged rows ({@link
   *     FanOutSteps#exactCount})
   * @param tests the outcomes of the audits run on the batch before it was staged (passed, or
   *     failed with severity warn: a blocking failure stages nothing), reported when the run
   *     finishes
   * @param windowStart the watermark the run loads after (null for a first load), recorded in the
   *     ledger's run detail when the run finishes
   */
  public record Stage(
      int version,
      FanOutSteps.Staged staged,
      LedgerEntry.Definition definition,
      boolean exactCount,
      List<TestOutcome> tests,
      String windowStart) {
    public Stage {
      tests = tests == null ? List.of() : List.copyOf(tests);
    }

    public Stage(
        FanOutSteps.Staged staged,
        LedgerEntry.Definition definition,
        boolean exactCount,
        List<TestOutcome> tests,
        String windowStart) {
      this(VERSION, staged, definition, exactCount, tests, windowStart);
    }
  }

  /** A stage row: the description, the delta's row count and the watermark it advances to. */
  public record Row(Stage stage, long deltaRows, String watermark) {}

  /** How many buckets of a run are applied, and the rows they wrote together. */
  public record Applied(long buckets, long rows) {}

  /** Creates the registries if missing (outside any model transaction). */
  public void ensure() throws SQLException {
    if (warehouse.exists(BUCKETS)) {
      return;
    }
    try {
      warehouse.execute(d().createSchemaIfNotExists(STAGES.schema()));
      warehouse.execute(d().createStageRegistry(STAGES));
      warehouse.execute(d().createBucketRegistry(BUCKETS));
    } catch (SQLException e) {
      if (!warehouse.exists(BUCKETS)) { // else a concurrent session created them first
        throw e;
      }
    }
  }

  /** The stage table of a run of a model: {@code _t4t.stage_<hash>}. */
  public static TableName stageTable(String runId, String model) {
    return new TableName(
        "_t4t", "stage_" + io.t4t.core.sql.Hashes.sha256(runId + "/" + model).substring(0, 20));
  }

  /** The stage row of a run of a model, if it is staged. */
  public Optional<Row> find(String runId, String model) throws SQLException {
    return first(
            "SELECT spec, delta_rows, watermark FROM "
                + d().table(STAGES)
                + " WHERE run_id = ? AND model_name = ?",
            runId,
            model)
        .map(
            r ->
                new Row(
                    parse((String) r.get(0), runId, model),
                    ((Number) r.get(1)).longValue(),
                    (String) r.get(2)));
  }

  /** Records a staged run. */
  public void add(String runId, String model, Stage stage, long deltaRows, String watermark)
      throws SQLException {
    String spec;
    try {
      spec = JSON.writeValueAsString(stage);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot describe the stage of " + model + ": " + e, e);
    }
    update(
        "INSERT INTO "
            + d().table(STAGES)
            + " (run_id, model_name, spec, delta_rows, watermark, created_at)"
            + " VALUES (?, ?, ?, ?, ?, ?)",
        runId,
        model,
        spec,
        deltaRows,
        watermark,
        now());
  }

  /** The rows bucket {@code bucket} of the run wrote, if it is applied. */
  public Optional<Long> bucket(String runId, String model, int bucket) throws SQLException {
    return first(
            "SELECT rows_written FROM "
                + d().table(BUCKETS)
                + " WHERE run_id = ? AND model_name = ? AND bucket = ?",
            runId,
            model,
            bucket)
        .map(r -> ((Number) r.get(0)).longValue());
  }

  /** Records an applied bucket (in the transaction that applied it). */
  public void addBucket(String runId, String model, int bucket, long rows) throws SQLException {
    update(
        "INSERT INTO "
            + d().table(BUCKETS)
            + " (run_id, model_name, bucket, rows_written, applied_at)"
            + " VALUES (?, ?, ?, ?, ?)",
        runId,
        model,
        bucket,
        rows,
        now());
  }

  /** The buckets of the run applied so far. */
  public Applied applied(String runId, String model) throws SQLException {
    List<Object> counts =
        warehouse
            .query(
                "SELECT count(*), coalesce(sum(rows_written), 0) FROM "
                    + d().table(BUCKETS)
                    + " WHERE run_id = ? AND model_name = ?",
                runId,
                model)
            .get(0);
    return new Applied(((Number) counts.get(0)).longValue(), ((Number) counts.get(1)).longValue());
  }

  /** The rows in the run's stage table now (none once it is dropped or lost). */
  public long stagedRows(TableName stage) throws SQLException {
    return ((Number) warehouse.query("SELECT count(*) FROM " + d().table(stage)).get(0).get(0))
        .longValue();
  }

  /** Drops the stages of the model's earlier runs that never finished (failed or replaced). */
  public void dropAbandoned(String model, String runId) throws SQLException {
    for (List<Object> r :
        warehouse.query(
            "SELECT run_id FROM " + d().table(STAGES) + " WHERE model_name = ? AND run_id <> ?",
            model,
            runId)) {
      remove((String) r.get(0), model);
    }
  }

  /** Drops the run's stage table and its rows in both registries. */
  public void remove(String runId, String model) throws SQLException {
    warehouse.execute(d().dropTable(stageTable(runId, model)));
    for (TableName t : List.of(STAGES, BUCKETS)) {
      update("DELETE FROM " + d().table(t) + " WHERE run_id = ? AND model_name = ?", runId, model);
    }
  }

  private Optional<List<Object>> first(String sql, Object... params) throws SQLException {
    List<List<Object>> rows = warehouse.query(sql, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  private void update(String sql, Object... params) throws SQLException {
    try (PreparedStatement s = warehouse.connection().prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        if (params[i] == null) {
          s.setNull(i + 1, Types.VARCHAR);
        } else {
          s.setObject(i + 1, params[i]);
        }
      }
      s.executeUpdate();
    }
  }

  private static Stage parse(String json, String runId, String model) {
    try {
      JsonNode node = JSON.readTree(json);
      int version = node.path("version").asInt(1);
      if (version < OLDEST_READ || version > VERSION) {
        throw new IllegalStateException(
            "Cannot read the stage of run "
                + runId
                + " of "
                + model
                + ": it was described in stage layout version "
                + version
                + ", this t4t reads versions "
                + OLDEST_READ
                + " to "
                + VERSION
                + "; run the model again");
      }
      return JSON.treeToValue(node, Stage.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "Cannot read the stage of run " + runId + " of " + model + ": " + e.getMessage(), e);
    }
  }

  private static Timestamp now() {
    return Timestamp.valueOf(LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS));
  }
}
