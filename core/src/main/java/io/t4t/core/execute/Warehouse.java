package io.t4t.core.execute;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.TargetInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
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

  private final StatementCache prepared;

  public Warehouse(Connection connection, Dialect dialect, String catalogName) {
    this.connection = connection;
    this.dialect = dialect;
    this.catalogName = catalogName;
    this.prepared = new StatementCache(connection);
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

  private static final java.util.logging.Logger SQL_LOG =
      java.util.logging.Logger.getLogger("io.t4t.sql");

  static void timed(long startNanos, String sql) {
    if (SQL_LOG.isLoggable(java.util.logging.Level.FINE)) {
      String head = sql.replaceAll("\\s+", " ");
      SQL_LOG.fine(
          String.format(
              "%8.1f ms  %s",
              (System.nanoTime() - startNanos) / 1e6,
              head.length() > 110 ? head.substring(0, 110) + "..." : head));
    }
  }

  /** Runs a statement; returns its update count, or -1 when it returns none. */
  public long execute(String sql) throws SQLException {
    long started = System.nanoTime();
    try {
      return executeUntimed(sql);
    } finally {
      timed(started, sql);
    }
  }

  private long executeUntimed(String sql) throws SQLException {
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
    long started = System.nanoTime();
    try {
      return queryUntimed(sql, params);
    } finally {
      timed(started, sql);
    }
  }

  private List<List<Object>> queryUntimed(String sql, Object... params) throws SQLException {
    if (params.length == 0 || !dialect.keepsPreparedStatements()) {
      try (PreparedStatement s = connection.prepareStatement(sql)) {
        for (int i = 0; i < params.length; i++) {
          s.setObject(i + 1, params[i]);
        }
        return ResultRows.read(s);
      }
    }
    PreparedStatement s = prepared(sql);
    for (int i = 0; i < params.length; i++) {
      s.setObject(i + 1, params[i]);
    }
    return ResultRows.read(s);
  }

  /**
   * The statement prepared on this connection, kept for the next call: for statements with
   * parameters only (their text repeats; the values change). The caller must not close it. Only
   * where the dialect {@link Dialect#keepsPreparedStatements keeps them}.
   */
  public PreparedStatement prepared(String sql) throws SQLException {
    if (!dialect.keepsPreparedStatements()) {
      throw new IllegalStateException(dialect.name() + " keeps no prepared statement: see execute");
    }
    return prepared.get(sql);
  }

  /** True when several writes can commit together (else every statement commits by itself). */
  private boolean transactional() {
    return dialect.supports(io.t4t.core.dialect.Capability.TRANSACTIONS);
  }

  public void begin() throws SQLException {
    if (transactional()) {
      connection.setAutoCommit(false);
    }
  }

  public void commit() throws SQLException {
    if (transactional()) {
      connection.commit();
      connection.setAutoCommit(true);
    }
  }

  /**
   * Rolls back, never throwing: used on paths that already fail. Without transactions there is
   * nothing to roll back: each write was one atomic statement.
   */
  public void rollbackQuietly() {
    if (!transactional()) {
      return;
    }
    try {
      connection.rollback();
      connection.setAutoCommit(true);
    } catch (SQLException ignored) {
      // the original failure is what the user needs to see
    }
  }

  /** True when the table or view exists: one statement (a statement costs ~0.1 s on Trino). */
  public boolean exists(TableName table) {
    return columnsOf(table, new ArrayList<>(), new ArrayList<>());
  }

  @Override
  public TargetInfo describe(TableName table, TargetInfo.Kind knownKind, boolean rows) {
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    if (!columnsOf(table, columns, types)) {
      return TargetInfo.NONE;
    }
    try {
      TargetInfo.Kind kind = knownKind != null ? knownKind : kindFromCatalog(table);
      if (kind == TargetInfo.Kind.VIEW) {
        return new TargetInfo(TargetInfo.Kind.VIEW, columns, types, false);
      }
      return new TargetInfo(TargetInfo.Kind.TABLE, columns, types, rows && isEmpty(table));
    } catch (SQLException e) {
      throw new IllegalStateException(
          "Cannot read the catalog for " + table + ": " + e.getMessage(), e);
    }
  }

  /** True when the table has no rows. */
  boolean isEmpty(TableName table) throws SQLException {
    return query("SELECT 1 FROM " + dialect.table(table) + " LIMIT 1").isEmpty();
  }

  /**
   * The planner's catalog for {@code tables}: one catalog query where the engine {@link
   * io.t4t.core.dialect.Capability#DESCRIBES_IN_BULK describes in bulk} and the tables are many,
   * otherwise this warehouse (one probe per table).
   */
  public io.t4t.core.plan.Catalog catalogFor(java.util.Collection<TableName> tables) {
    return catalogFor(tables, List.of());
  }

  /**
   * As {@link #catalogFor(java.util.Collection)}; whether the tables of {@code rows} (some of
   * {@code tables}) are empty is asked for them all in the same pass.
   */
  public io.t4t.core.plan.Catalog catalogFor(
      java.util.Collection<TableName> tables, java.util.Collection<TableName> rows) {
    if (tables.size() < CatalogSnapshot.WORTH_IT
        || !dialect.supports(io.t4t.core.dialect.Capability.DESCRIBES_IN_BULK)) {
      return this;
    }
    return CatalogSnapshot.read(this, tables, rows);
  }

  /** Reads the relation's columns into the lists; false when it does not exist. */
  private boolean columnsOf(TableName table, List<String> columns, List<String> types) {
    java.sql.Savepoint savepoint = null;
    String sql = "SELECT * FROM " + dialect.table(table) + " LIMIT 0";
    long started = System.nanoTime();
    try (Statement s = connection.createStatement()) {
      if (dialect.failedStatementAbortsTransaction() && !connection.getAutoCommit()) {
        savepoint = connection.setSavepoint();
      }
      try (ResultSet rs = s.executeQuery(sql)) {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          columns.add(md.getColumnName(i));
          types.add(dialect.typeName(md, i));
        }
      }
      if (savepoint != null) {
        connection.releaseSavepoint(savepoint);
      }
    } catch (SQLException e) {
      if (dialect.isMissingRelation(e)) {
        if (savepoint != null) {
          try {
            connection.rollback(savepoint);
          } catch (SQLException rollback) {
            throw new IllegalStateException("Cannot read " + table + ": " + e.getMessage(), e);
          }
        }
        return false;
      }
      throw new IllegalStateException("Cannot read " + table + ": " + e.getMessage(), e);
    } finally {
      timed(started, sql);
    }
    return true;
  }

  @Override
  public TargetInfo describeQuery(String query) {
    List<String> columns = new ArrayList<>();
    List<String> types = new ArrayList<>();
    String sql = "SELECT * FROM (\n" + query + "\n) AS t4t_shape LIMIT 0";
    long started = System.nanoTime();
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        columns.add(md.getColumnName(i));
        types.add(dialect.typeName(md, i));
      }
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot describe the query: " + e.getMessage(), e);
    } finally {
      timed(started, sql);
    }
    return new TargetInfo(TargetInfo.Kind.TABLE, columns, types, true);
  }

  private TargetInfo.Kind kindFromCatalog(TableName table) throws SQLException {
    List<List<Object>> rows =
        query(
            "SELECT table_type FROM information_schema.tables WHERE table_catalog = "
                + dialect.currentCatalog()
                + " AND table_schema = ? AND table_name = ?",
            table.schema(),
            table.name());
    if (rows.isEmpty()) {
      return TargetInfo.Kind.NONE;
    }
    return String.valueOf(rows.get(0).get(0)).toUpperCase(java.util.Locale.ROOT).contains("VIEW")
        ? TargetInfo.Kind.VIEW
        : TargetInfo.Kind.TABLE;
  }

  /** True when the schema exists (reads only; creating it would be a write). */
  public boolean schemaExists(String schema) throws SQLException {
    return !query(
            "SELECT 1 FROM information_schema.schemata WHERE catalog_name = "
                + dialect.currentCatalog()
                + " AND schema_name = ?",
            schema)
        .isEmpty();
  }

  @Override
  public void close() throws SQLException {
    prepared.clear();
    connection.close();
  }
}
