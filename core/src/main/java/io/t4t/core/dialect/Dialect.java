package io.t4t.core.dialect;

import io.t4t.core.project.Lookback;
import io.t4t.core.sql.IdentifierQuoter;
import io.t4t.core.sql.SqlValue;
import io.t4t.core.sql.ValueRenderer;
import java.util.List;
import java.util.Set;

/**
 * One SQL engine's spelling of the primitives strategies use. Every method returns SQL text built
 * from quoted identifiers and rendered literals; none executes anything.
 *
 * <p>Longer than most files on purpose: this is the one contract an engine implements, and its
 * default methods are the standard SQL spelling an engine overrides only where it differs, so a
 * newcomer adding an engine reads every primitive, with its default, in one place.
 */
public interface Dialect extends ValueRenderer, IdentifierQuoter {

  /** Short name used in logs, e.g. {@code DuckDB}. */
  String name();

  Set<Capability> capabilities();

  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  RowChangeParadigm rowChangeParadigm();

  /** Quotes one identifier. */
  @Override
  String quote(String identifier);

  default String table(TableName t) {
    return quote(t.schema()) + "." + quote(t.name());
  }

  default String columns(List<String> columns) {
    return String.join(", ", columns.stream().map(this::quote).toList());
  }

  /**
   * The table functions with which this engine's SQL reads files, lower-case; the first argument of
   * each is the file's path or pattern (see {@link Capability#READS_FILES}). None by default.
   */
  default Set<String> fileReaders() {
    return Set.of();
  }

  /** A typed literal for {@code value}. */
  @Override
  String literal(SqlValue value);

  /**
   * The engine's type name for a result column, as t4t shows and compares it (precision included
   * where it constrains values, e.g. {@code VARCHAR(20)}).
   */
  default String typeName(java.sql.ResultSetMetaData md, int column) throws java.sql.SQLException {
    return md.getColumnTypeName(column);
  }

  /**
   * Whether t4t's parameterised statements (ledger, catalog) stay prepared on a connection between
   * uses. False where a prepared statement is state the server sends back with every request
   * (Trino's driver registers each one and repeats it in a header of every later query).
   */
  default boolean keepsPreparedStatements() {
    return true;
  }

  /**
   * The type name {@code information_schema.columns.data_type} gives, as {@link #typeName} names it
   * from a result's metadata (engines with {@link Capability#DESCRIBES_IN_BULK}).
   */
  default String catalogTypeName(String dataType) {
    return dataType;
  }

  /** True for date and time types, the only ones a lookback can be subtracted from. */
  default boolean isTemporal(String typeName) {
    String t = typeName.toUpperCase(java.util.Locale.ROOT);
    return t.contains("DATE") || t.contains("TIME");
  }

  /** {@code expr} minus the lookback, as an expression of the engine. */
  String minus(String expr, Lookback lookback);

  /** {@code expr}, of type {@code typeName}, minus the lookback. */
  default String minus(String expr, String typeName, Lookback lookback) {
    return minus(expr, lookback);
  }

  default String createSchemaIfNotExists(String schema) {
    return "CREATE SCHEMA IF NOT EXISTS " + quote(schema);
  }

  /** Builds a table from a query, replacing an existing table atomically within the transaction. */
  String replaceTableAs(TableName table, String query);

  /**
   * Statements that replace {@code table} with the query's rows atomically within the transaction
   * (the old table stays readable until commit).
   */
  default List<String> rebuildTable(TableName table, String query) {
    return List.of(replaceTableAs(table, query));
  }

  /**
   * Creates the stage table of a fanned-out run from a query. PostgreSQL makes it UNLOGGED (no WAL:
   * a server crash empties it, which the run's row count check at finalize detects).
   */
  default String createStageTableAs(TableName table, String query) {
    return replaceTableAs(table, query);
  }

  /**
   * A statement that fails when {@code keys} repeat in {@code table} (a unique index), where that
   * is cheaper than grouping the whole table; null to check by grouping.
   */
  default String uniqueIndexCheck(TableName table, List<String> keys) {
    return null;
  }

  /**
   * Statements that replace the rows of {@code table}, whose columns already equal the query's,
   * keeping the table itself (and so any view over it).
   */
  default List<String> refillTable(TableName table, List<String> columns, String query) {
    return List.of(deleteWhere(table, null), insertSelect(table, columns, query));
  }

  default String createOrReplaceView(TableName view, String query) {
    return "CREATE OR REPLACE VIEW " + table(view) + " AS\n" + query;
  }

  /**
   * Statements that replace a view; {@code sameColumns} says the new query has the existing view's
   * columns (engines that cannot change a view's columns in place then drop and recreate it).
   */
  default List<String> replaceView(TableName view, String query, boolean sameColumns) {
    return List.of(createOrReplaceView(view, query));
  }

  /**
   * Statements that make sure {@code table} has a unique index on the merge key (needed by {@link
   * RowChangeParadigm#INSERT_ON_CONFLICT}); none for engines that do not need one.
   */
  default List<String> ensureKeyIndex(TableName table, List<String> keys) {
    return List.of();
  }

  /**
   * {@code INSERT ... SELECT ... ON CONFLICT (keys) DO UPDATE} from {@code stageSql} (a table
   * reference or parenthesised query), for {@link RowChangeParadigm#INSERT_ON_CONFLICT}.
   */
  default String upsertFromStage(
      TableName table, String stageSql, List<String> keys, List<String> columns) {
    throw new UnsupportedOperationException(name() + " has no INSERT ... ON CONFLICT");
  }

  /**
   * An expression in {@code [0, buckets)} hashing the columns, the same for equal values on every
   * run: it assigns a row of a fanned-out delta (and its target row) to one bucket.
   */
  String bucketOf(List<String> columns, int buckets);

  /**
   * A statement taking a lock held until the transaction ends, serialising concurrent writers of
   * the run ledger; null where one process writes at a time.
   */
  default String advisoryLock(long key) {
    return null;
  }

  /**
   * True when a failed statement aborts the whole transaction (PostgreSQL): probes need savepoints.
   */
  default boolean failedStatementAbortsTransaction() {
    return false;
  }

  /** True when {@code e} says a row with the same unique key exists (another session's, say). */
  default boolean isUniqueViolation(java.sql.SQLException e) {
    return false;
  }

  /** True when {@code e} is a write conflict with a concurrent transaction (retry it). */
  default boolean isConflict(java.sql.SQLException e) {
    return false;
  }

  default String dropTable(TableName table) {
    return "DROP TABLE IF EXISTS " + table(table);
  }

  default String dropView(TableName view) {
    return "DROP VIEW IF EXISTS " + table(view);
  }

  default String dropColumn(TableName table, String column) {
    return "ALTER TABLE " + table(table) + " DROP COLUMN " + quote(column);
  }

  /** Adds a nullable column of the engine's type {@code type} (as a query's metadata names it). */
  default String addColumn(TableName table, String column, String type) {
    return "ALTER TABLE " + table(table) + " ADD COLUMN " + quote(column) + " " + type;
  }

  /**
   * The type to write in {@link #addColumn} or {@link #alterColumnType} for a column whose type
   * {@link #typeName} reported as {@code reported}: the type the engine stores for it, or empty
   * when the reported name cannot be written back (the engine's metadata leaves part of the type
   * out, or names a user-defined type). Two reported types with the same spelling here are the same
   * column type for {@code on_schema_change}.
   */
  default java.util.Optional<String> ddlType(String reported) {
    return java.util.Optional.of(reported);
  }

  /**
   * Changes a column's type in place, converting its values with a cast (engines with {@link
   * Capability#CHANGES_COLUMN_TYPES}, or a change {@link #widensInPlace} allows).
   */
  default String alterColumnType(TableName table, String column, String type) {
    return "ALTER TABLE "
        + table(table)
        + " ALTER COLUMN "
        + quote(column)
        + " SET DATA TYPE "
        + type
        + " USING CAST("
        + quote(column)
        + " AS "
        + type
        + ")";
  }

  /**
   * For engines without {@link Capability#CHANGES_COLUMN_TYPES}: true when the engine changes a
   * column from type {@code from} to {@code to} in place (a widening it supports).
   */
  default boolean widensInPlace(String from, String to) {
    return false;
  }

  /**
   * A query naming the indexes on {@code table} that make the engine refuse to drop or retype its
   * columns, or null where no index does.
   */
  default String indexesBlockingAlter(TableName table) {
    return null;
  }

  /** Stages a query's rows in a session-private table. */
  String createTempTableAs(String name, String query);

  String dropTempTable(String name);

  /** A reference to a staged temp table. */
  default String tempTable(String name) {
    return quote(name);
  }

  /** {@code INSERT INTO table (cols) SELECT cols FROM (query) AS src}: inserts by column name. */
  default String insertSelect(TableName table, List<String> columns, String query) {
    return "INSERT INTO "
        + table(table)
        + " ("
        + columns(columns)
        + ")\nSELECT "
        + columns(columns)
        + " FROM (\n"
        + query
        + "\n) AS t4t_src";
  }

  /**
   * Inserts the query's rows that are not already in the target's window, keeping multiplicities:
   * {@code INSERT ... SELECT cols FROM (query) EXCEPT ALL SELECT cols FROM target WHERE window}.
   */
  default String insertSelectExceptExisting(
      TableName table, List<String> columns, String query, String targetWindow) {
    return insertSelect(table, columns, query)
        + "\nEXCEPT ALL\nSELECT "
        + columns(columns)
        + " FROM "
        + table(table)
        + (targetWindow == null ? "" : " WHERE " + targetWindow);
  }

  /** Deletes target rows whose key appears in the staged delta. */
  default String deleteMatchingKeys(TableName table, String stage, List<String> keys) {
    StringBuilder on = new StringBuilder();
    for (String k : keys) {
      if (on.length() > 0) {
        on.append(" AND ");
      }
      on.append(table(table)).append('.').append(quote(k)).append(" = ");
      on.append(tempTable(stage)).append('.').append(quote(k));
    }
    return "DELETE FROM " + table(table) + " USING " + tempTable(stage) + " WHERE " + on;
  }

  default String deleteWhere(TableName table, String condition) {
    return "DELETE FROM " + table(table) + (condition == null ? "" : " WHERE " + condition);
  }

  /** One MERGE statement upserting the staged delta (for engines whose paradigm is MERGE). */
  default String mergeFromStage(
      TableName table, String stage, List<String> keys, List<String> columns) {
    return mergeFrom(table, tempTable(stage), keys, columns);
  }

  /**
   * One MERGE statement upserting the rows of {@code source} (a table reference or a parenthesised
   * query), for engines whose paradigm is MERGE.
   */
  default String mergeFrom(
      TableName table, String source, List<String> keys, List<String> columns) {
    StringBuilder sb =
        new StringBuilder("MERGE INTO ").append(table(table)).append(" AS t4t_target");
    sb.append("\nUSING ").append(source).append(" AS t4t_delta\nON ");
    for (int i = 0; i < keys.size(); i++) {
      sb.append(i == 0 ? "" : " AND ")
          .append("t4t_target.")
          .append(quote(keys.get(i)))
          .append(" = t4t_delta.")
          .append(quote(keys.get(i)));
    }
    sb.append("\nWHEN MATCHED THEN UPDATE SET ");
    List<String> sets = columns.stream().map(c -> quote(c) + " = t4t_delta." + quote(c)).toList();
    sb.append(String.join(", ", sets));
    sb.append("\nWHEN NOT MATCHED THEN INSERT (").append(columns(columns)).append(") VALUES (");
    sb.append(String.join(", ", columns.stream().map(c -> "t4t_delta." + quote(c)).toList()));
    return sb.append(")").toString();
  }

  /** The SQL expression naming the catalog (database) the session is in. */
  default String currentCatalog() {
    return "current_database()";
  }

  /**
   * The engine's column type for a column t4t declares with a standard type ({@code TEXT}, {@code
   * BIGINT}, {@code DOUBLE PRECISION}, {@code NUMERIC(p,s)}, {@code TIMESTAMP}, ...): seed columns
   * and t4t's own tables.
   */
  default String columnType(String standardType) {
    return standardType;
  }

  /**
   * Creates, if missing, the registry of fanned-out runs' stages (layout version 1, kept by {@code
   * io.t4t.core.execute.StageRegistry}): one row per staged run of a model with its JSON
   * description, the delta's row count and the watermark it will advance to.
   */
  default String createStageRegistry(TableName table) {
    return "CREATE TABLE IF NOT EXISTS "
        + table(table)
        + " (run_id VARCHAR NOT NULL, model_name VARCHAR NOT NULL, spec VARCHAR NOT NULL,"
        + " delta_rows BIGINT NOT NULL, watermark VARCHAR, created_at TIMESTAMP NOT NULL,"
        + " PRIMARY KEY (run_id, model_name))";
  }

  /**
   * Creates, if missing, the registry of applied buckets (layout version 1, kept by {@code
   * io.t4t.core.execute.StageRegistry}): one row per bucket a sink applied, with its rows written;
   * the primary key makes a redelivered bucket a no-op.
   */
  default String createBucketRegistry(TableName table) {
    return "CREATE TABLE IF NOT EXISTS "
        + table(table)
        + " (run_id VARCHAR NOT NULL, model_name VARCHAR NOT NULL, bucket INTEGER NOT NULL,"
        + " rows_written BIGINT NOT NULL, applied_at TIMESTAMP NOT NULL,"
        + " PRIMARY KEY (run_id, model_name, bucket))";
  }

  /** True when {@code e} says the table or view does not exist (and nothing else went wrong). */
  boolean isMissingRelation(java.sql.SQLException e);

  /** Loads a CSV file with a header row into a new or replaced table. */
  String replaceTableFromCsv(TableName table, java.nio.file.Path csv);
}
