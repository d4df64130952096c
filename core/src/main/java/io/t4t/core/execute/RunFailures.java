package io.t4t.core.execute;

import io.t4t.core.dialect.TableName;
import io.t4t.core.project.ModelName;
import io.t4t.events.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The failed attempts at model runs, table {@code _t4t.run_failures} (decision 0014). A failed run
 * rolls back with its ledger row, so its record is written afterwards, by itself, in autocommit:
 * nothing of the failed run can commit with it. The ledger stays the commit record; this table is
 * read only by {@code t4t runs}. Both executors fail through {@link #failed}, the one place a
 * failure is logged and recorded.
 *
 * <p>The table is created on the first failure, not when a session opens: on Trino each statement
 * costs a round of scheduling, and most runs never fail.
 */
public final class RunFailures {
  public static final TableName TABLE = new TableName("_t4t", "run_failures");

  private static final Logger ENGINE = Logger.getLogger("ExecutionEngine");
  private static final String COLUMNS =
      "failed_at, run_id, model_name, run_kind, window_start, window_end, outcome, error_code,"
          + " error_message, duration_ms";

  private final Warehouse warehouse;

  public RunFailures(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  /**
   * Logs the failure of {@code model}, records {@code failure} (the caller has rolled back) and
   * returns the failed outcome carrying the whole {@code message}.
   */
  RunOutcome failed(
      ModelName model, RunFailure failure, ErrorCode code, String message, long millis) {
    ENGINE.severe("Failed to execute " + model + ": " + message);
    record(failure);
    return RunOutcome.failed(model, code, message, millis);
  }

  /**
   * Records {@code failure}; never throws, so a record that cannot be written never hides the run's
   * own error: it is logged, and false returned.
   */
  public boolean record(RunFailure failure) {
    RunFailure stamped =
        failure.at(LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    try {
      if (!warehouse.connection().getAutoCommit()) {
        // the run's rollback failed: writing now would commit what is left of the run
        throw new SQLException("the failed run's transaction is still open");
      }
      try {
        insert(stamped);
      } catch (SQLException e) {
        if (warehouse.exists(TABLE)) {
          throw e;
        }
        create(); // the first failure on this warehouse; a racing session may create it first
        insert(stamped);
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      ENGINE.log(
          Level.WARNING,
          "Cannot record the failed run "
              + failure.runId()
              + " of "
              + failure.model()
              + " in "
              + TABLE
              + " ("
              + io.t4t.core.error.Messages.firstLine(e.getMessage())
              + "); t4t runs will not list it",
          e);
      return false;
    }
  }

  private void create() throws SQLException {
    var d = warehouse.dialect();
    warehouse.execute(d.createSchemaIfNotExists(TABLE.schema()));
    try {
      warehouse.execute(
          "CREATE TABLE IF NOT EXISTS "
              + d.table(TABLE)
              + " (failed_at "
              + d.columnType("TIMESTAMP")
              + " NOT NULL, run_id VARCHAR NOT NULL, model_name VARCHAR NOT NULL, run_kind VARCHAR,"
              + " window_start VARCHAR, window_end VARCHAR, outcome VARCHAR NOT NULL, error_code"
              + " VARCHAR, error_message VARCHAR, duration_ms BIGINT)");
    } catch (SQLException e) {
      if (!warehouse.exists(TABLE)) {
        throw e;
      }
    }
  }

  private void insert(RunFailure f) throws SQLException {
    String insert =
        "INSERT INTO "
            + warehouse.dialect().table(TABLE)
            + " ("
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    long started = System.nanoTime();
    Connection c = warehouse.connection();
    try (PreparedStatement s = c.prepareStatement(insert)) {
      s.setTimestamp(1, Timestamp.valueOf(f.failedAt()));
      s.setString(2, f.runId());
      s.setString(3, f.model());
      s.setString(4, f.runKind());
      s.setString(5, f.windowStart());
      s.setString(6, f.windowEnd());
      s.setString(7, f.outcome());
      s.setString(8, f.errorCode());
      s.setString(9, f.error());
      Ledger.setLong(s, 10, f.durationMillis());
      s.executeUpdate();
    } finally {
      Warehouse.timed(started, insert);
    }
  }

  /** True when a failure was ever recorded here (the table exists). */
  public boolean exists() {
    return warehouse.exists(TABLE);
  }

  /** The failures of {@code model} (null: every model), newest first, at most {@code limit}. */
  public List<RunFailure> history(String model, int limit) throws SQLException {
    String sql =
        "SELECT "
            + COLUMNS
            + " FROM "
            + warehouse.dialect().table(TABLE)
            + (model == null ? "" : " WHERE model_name = ?")
            + " ORDER BY failed_at DESC LIMIT "
            + Math.max(0, limit);
    List<List<Object>> rows = model == null ? warehouse.query(sql) : warehouse.query(sql, model);
    List<RunFailure> out = new ArrayList<>();
    for (List<Object> r : rows) {
      out.add(
          new RunFailure(
              Ledger.time(r.get(0)),
              (String) r.get(1),
              (String) r.get(2),
              (String) r.get(3),
              (String) r.get(4),
              (String) r.get(5),
              (String) r.get(6),
              (String) r.get(7),
              (String) r.get(8),
              Ledger.longOrNull(r.get(9))));
    }
    return out;
  }
}
