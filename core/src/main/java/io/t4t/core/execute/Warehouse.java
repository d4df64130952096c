package io.t4t.core.execute;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.TargetInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC connection to the target engine with its dialect. Every statement gets a fresh JDBC
 * Statement (DuckDB closes a Statement whose SQL failed).
 */
public class Warehouse implements Catalog, AutoCloseable {
  private final Connection connection;
  private final Dialect dialect;
  private final String catalogName;

  public Warehouse(Connection connection, Dialect dialect, String catalogName) {
    this.connection = connection;
    this.dialect = dialect;
    this.catalogName = catalogName;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** The catalog (database) the connection points at, e.g. the DuckDB file's stem. */
  public String catalogName() {
    return catalogName;
  }

  public Connection connection() {
    return connection;
  }

  /** Runs a statement; returns its update count, or -1 when it returns none. */
  public long execute(String sql) throws SQLException {
    try (Statement s = connection.createStatement()) {
      boolean hasResult = s.execute(sql);
      if (hasResult) {
        try (ResultSet rs = s.getResultSet()) {
          // DuckDB reports DML counts as a one-row result ("Count").
          if (rs.next() && rs.getMetaData().getColumnCount() == 1) {
            Object v = rs.getObject(1);
            return v instanceof Number n ? n.longValue() : -1;
          }
          return -1;
        }
      }
      return s.getUpdateCount();
    }
  }

  /** Runs a query and returns its rows. */
  public List<List<Object>> query(String sql, Object... params) throws SQLException {
    try (PreparedStatement s = connection.prepareStatement(sql)) {
      for (int i = 0; i < params.length; i++) {
        s.setObject(i + 1, params[i]);
      }
      try (ResultSet rs = s.executeQuery()) {
        int n = rs.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>(n);
          for (int i = 1; i <= n; i++) {
            row.add(rs.getObject(i));
          }
          rows.add(row);
        }
        return rows;
      }
    }
  }

  public void begin() throws SQLException {
    connection.setAutoCommit(false);
  }

  public void commit() throws SQLException {
    connection.commit();
    connection.setAutoCommit(true);
  }

  /** Rolls back, never throwing: used on paths that already fail. */
  public void rollbackQuietly() {
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the original failure is what the user needs to see
    }
  }

  @Override
  public TargetInfo describe(TableName table) {
    try {
      List<List<Object>> kind =
          query(
              "SELECT table_type FROM information_schema.tables"
                  + " WHERE table_catalog = current_database() AND table_schema = ? AND table_name = ?",
              table.schema(),
              table.name());
      if (kind.isEmpty()) {
        return TargetInfo.NONE;
      }
      if (String.valueOf(kind.get(0).get(0)).toUpperCase(java.util.Locale.ROOT).contains("VIEW")) {
        return new TargetInfo(TargetInfo.Kind.VIEW, List.of(), List.of(), false);
      }
      List<String> columns = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (List<Object> row :
          query(
              "SELECT column_name, data_type FROM information_schema.columns WHERE table_catalog ="
                  + " current_database() AND table_schema = ? AND table_name = ? ORDER BY"
                  + " ordinal_position",
              table.schema(),
              table.name())) {
        columns.add((String) row.get(0));
        types.add((String) row.get(1));
      }
      boolean empty = query("SELECT 1 FROM " + dialect.table(table) + " LIMIT 1").isEmpty();
      return new TargetInfo(TargetInfo.Kind.TABLE, columns, types, empty);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the catalog for " + table + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
