package io.t4t.core.state;

import io.t4t.core.execute.LedgerEntry;
import io.t4t.events.ModelState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Map;
import java.util.TreeMap;

/**
 * State in a DuckDB file ({@code <project>/data/tee_state.db}), table {@code tee_model_state}, so
 * {@code duckdb data/tee_state.db "SELECT * FROM tee_model_state"} shows it.
 */
public final class DuckDbStateStore implements StateStore {
  private static final String CREATE =
      "CREATE TABLE IF NOT EXISTS tee_model_state (model_name VARCHAR PRIMARY KEY,"
          + " materialization VARCHAR, last_execution_timestamp TIMESTAMP, sql_hash VARCHAR,"
          + " config_hash VARCHAR, last_processed_value VARCHAR, strategy VARCHAR,"
          + " last_run_id VARCHAR, ledger_seq BIGINT)";

  private final Connection connection;

  private DuckDbStateStore(Connection connection) {
    this.connection = connection;
  }

  /** Opens (creating if needed) the state file for writing. */
  public static DuckDbStateStore open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      // A few rows: one thread, so it does not compete with the warehouse for cores.
      java.util.Properties props = new java.util.Properties();
      props.setProperty("threads", "1");
      Connection c = DriverManager.getConnection("jdbc:duckdb:" + file.toAbsolutePath(), props);
      try (Statement s = c.createStatement()) {
        s.execute(CREATE);
      } catch (SQLException e) {
        c.close();
        throw e;
      }
      return new DuckDbStateStore(c);
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException("Cannot open state file " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Map<String, ModelState> all() {
    Map<String, ModelState> out = new TreeMap<>();
    try (Statement s = connection.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT model_name, materialization, last_execution_timestamp, sql_hash,"
                    + " config_hash, last_processed_value, strategy, last_run_id, ledger_seq"
                    + " FROM tee_model_state ORDER BY model_name")) {
      while (rs.next()) {
        Timestamp ts = rs.getTimestamp(3);
        out.put(
            rs.getString(1),
            new ModelState(
                rs.getString(1),
                rs.getString(2),
                ts == null ? null : ts.toLocalDateTime(),
                rs.getString(4),
                rs.getString(5),
                rs.getString(6),
                rs.getString(7),
                rs.getString(8),
                rs.getLong(9)));
      }
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot read tee_model_state: " + e.getMessage(), e);
    }
  }

  @Override
  public void applyAll(java.util.List<LedgerEntry> entries) {
    if (entries.size() == 1) {
      apply(entries.get(0));
      return;
    }
    RuntimeException failure = null;
    try {
      connection.setAutoCommit(false);
      entries.forEach(this::apply);
      connection.commit();
    } catch (RuntimeException | SQLException e) {
      failure =
          e instanceof RuntimeException r
              ? r
              : new IllegalStateException("Cannot write state: " + e.getMessage(), e);
      try {
        connection.rollback();
      } catch (SQLException rollback) {
        failure.addSuppressed(rollback); // the write's failure is what to report
      }
    }
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      if (failure == null) {
        failure = new IllegalStateException("Cannot write state: " + e.getMessage(), e);
      } else {
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public void apply(LedgerEntry e) {
    if (e.kind().equals(LedgerEntry.RESET)) {
      remove(e.model());
      return;
    }
    try {
      try (PreparedStatement s =
          connection.prepareStatement(
              "INSERT INTO tee_model_state (model_name, materialization, last_execution_timestamp,"
                  + " sql_hash, config_hash, last_processed_value, strategy, last_run_id,"
                  + " ledger_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (model_name) DO"
                  + " UPDATE SET materialization = excluded.materialization,"
                  + " last_execution_timestamp = excluded.last_execution_timestamp, sql_hash ="
                  + " excluded.sql_hash, config_hash = excluded.config_hash, last_processed_value"
                  + " = excluded.last_processed_value, strategy = excluded.strategy, last_run_id ="
                  + " excluded.last_run_id, ledger_seq = excluded.ledger_seq")) {
        s.setString(1, e.model());
        s.setString(2, e.materialization());
        s.setTimestamp(3, e.appliedAt() == null ? null : Timestamp.valueOf(e.appliedAt()));
        s.setString(4, e.sqlHash());
        s.setString(5, e.configHash());
        s.setString(6, e.lastProcessedValue());
        s.setString(7, e.strategy());
        s.setString(8, e.runId());
        s.setLong(9, e.seq());
        s.executeUpdate();
      }
    } catch (SQLException ex) {
      throw new IllegalStateException(
          "Cannot write state for " + e.model() + ": " + ex.getMessage(), ex);
    }
  }

  @Override
  public void remove(String model) {
    try (PreparedStatement s =
        connection.prepareStatement("DELETE FROM tee_model_state WHERE model_name = ?")) {
      s.setString(1, model);
      s.executeUpdate();
    } catch (SQLException ex) {
      throw new IllegalStateException(
          "Cannot remove state of " + model + ": " + ex.getMessage(), ex);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // closing a DuckDB file that was written successfully does not fail in practice
    }
  }
}
