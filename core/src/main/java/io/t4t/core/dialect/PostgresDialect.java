package io.t4t.core.dialect;

import io.t4t.core.project.Lookback;
import io.t4t.core.sql.SqlValue;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * PostgreSQL (15 and later; tested on 17). DDL is transactional, so every materialization commits
 * or rolls back together with its ledger row.
 *
 * <ul>
 *   <li>No {@code CREATE OR REPLACE TABLE}: a rebuild whose columns are unchanged truncates and
 *       refills the table in the transaction (dependent views stay valid); otherwise it builds a
 *       new table and swaps it in (drop, rename).
 *   <li>Upserts use {@link RowChangeParadigm#INSERT_ON_CONFLICT} on a unique index over the merge
 *       key, which t4t creates with the table. A single {@code MERGE} picks a hash join over the
 *       whole target for a large delta; {@code ON CONFLICT} probes the key index per row, and its
 *       semantics are defined under concurrent writers (docs/decisions/0003).
 *   <li>Staged deltas are {@code ON COMMIT DROP} temp tables: a failed run leaves nothing behind.
 * </ul>
 */
public final class PostgresDialect implements Dialect {
  private static final Map<String, String> TYPE_NAMES =
      Map.ofEntries(
          Map.entry("int2", "SMALLINT"),
          Map.entry("int4", "INTEGER"),
          Map.entry("int8", "BIGINT"),
          Map.entry("float4", "REAL"),
          Map.entry("float8", "DOUBLE PRECISION"),
          Map.entry("bool", "BOOLEAN"),
          Map.entry("bpchar", "CHAR"),
          Map.entry("timestamptz", "TIMESTAMP WITH TIME ZONE"),
          Map.entry("timetz", "TIME WITH TIME ZONE"));

  @Override
  public String name() {
    return "PostgreSQL";
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.TRANSACTIONS,
        Capability.TRANSACTIONAL_DDL,
        Capability.CHANGES_COLUMN_TYPES,
        Capability.MERGE,
        Capability.EXCEPT_ALL,
        Capability.TEMP_TABLES,
        Capability.CONCURRENT_WRITERS);
  }

  @Override
  public RowChangeParadigm rowChangeParadigm() {
    return RowChangeParadigm.INSERT_ON_CONFLICT;
  }

  @Override
  public String quote(String identifier) {
    return StandardSql.quote(identifier);
  }

  @Override
  public String literal(SqlValue value) {
    return StandardSql.literal(value);
  }

  @Override
  public String typeName(ResultSetMetaData md, int column) throws SQLException {
    String raw = md.getColumnTypeName(column).toLowerCase(Locale.ROOT);
    String name = TYPE_NAMES.getOrDefault(raw, raw.toUpperCase(Locale.ROOT));
    if (raw.equals("varchar") || raw.equals("bpchar")) {
      int n = md.getPrecision(column);
      return n > 0 && n < Integer.MAX_VALUE ? name + "(" + n + ")" : name;
    }
    if (raw.equals("numeric")) {
      int p = md.getPrecision(column);
      return p > 0 && p <= 1000 ? name + "(" + p + "," + md.getScale(column) + ")" : name;
    }
    return name;
  }

  /**
   * The built-in types {@link #typeName} names as they are written. Any other name is a
   * user-defined type (an enum, a domain, a composite: pgjdbc gives its bare name, which need not
   * resolve on the search path) or an array ({@code _INT4}): not written back.
   */
  private static final Set<String> BUILT_IN =
      Set.of(
          "SMALLINT",
          "INTEGER",
          "BIGINT",
          "REAL",
          "DOUBLE PRECISION",
          "BOOLEAN",
          "CHAR",
          "VARCHAR",
          "TEXT",
          "NUMERIC",
          "DATE",
          "TIME",
          "TIMESTAMP",
          "TIMESTAMP WITH TIME ZONE",
          "TIME WITH TIME ZONE",
          "INTERVAL",
          "UUID",
          "JSON",
          "JSONB",
          "BYTEA",
          "INET",
          "CIDR",
          "MACADDR",
          "MONEY",
          "XML");

  @Override
  public java.util.Optional<String> ddlType(String reported) {
    int paren = reported.indexOf('(');
    String base = (paren < 0 ? reported : reported.substring(0, paren)).trim();
    return BUILT_IN.contains(base.toUpperCase(Locale.ROOT))
        ? java.util.Optional.of(reported)
        : java.util.Optional.empty();
  }

  @Override
  public String minus(String expr, Lookback lookback) {
    return expr + " - INTERVAL " + StandardSql.string(lookback.toString());
  }

  /** Only for the ledger's own tables; models are rebuilt with {@link #rebuildTable}. */
  @Override
  public String replaceTableAs(TableName table, String query) {
    return "CREATE TABLE " + table(table) + " AS\n" + query;
  }

  @Override
  public String createStageTableAs(TableName table, String query) {
    return "CREATE UNLOGGED TABLE " + table(table) + " AS\n" + query;
  }

  /**
   * A sorted index build (parallel, in maintenance_work_mem) beats a hash aggregate in work_mem.
   */
  @Override
  public String uniqueIndexCheck(TableName table, List<String> keys) {
    return "CREATE UNIQUE INDEX ON " + table(table) + " (" + columns(keys) + ")";
  }

  /** Builds the new table beside the old one, then swaps it in. */
  @Override
  public List<String> rebuildTable(TableName table, String query) {
    TableName build = new TableName(table.schema(), shortName(table.name(), "__t4t_build"));
    return List.of(
        "CREATE TABLE " + table(build) + " AS\n" + query,
        dropTable(table),
        "ALTER TABLE " + table(build) + " RENAME TO " + quote(table.name()));
  }

  /**
   * TRUNCATE + INSERT in the transaction: readers wait for the commit (TRUNCATE locks the table)
   * and then see the new rows. The key index is dropped first: the model's key may have changed,
   * and a merge model gets it back after its key checks.
   */
  @Override
  public List<String> refillTable(TableName table, List<String> columns, String query) {
    return List.of(
        "DROP INDEX IF EXISTS "
            + quote(table.schema())
            + "."
            + quote(shortName(table.name(), "__t4t_key")),
        "TRUNCATE TABLE " + table(table),
        insertSelect(table, columns, query));
  }

  @Override
  public List<String> replaceView(TableName view, String query, boolean sameColumns) {
    if (sameColumns) {
      return List.of(createOrReplaceView(view, query));
    }
    return List.of(dropView(view), "CREATE VIEW " + table(view) + " AS\n" + query);
  }

  @Override
  public String createTempTableAs(String name, String query) {
    return "CREATE TEMP TABLE " + quote(name) + " ON COMMIT DROP AS\n" + query;
  }

  @Override
  public String dropTempTable(String name) {
    return "DROP TABLE IF EXISTS " + quote(name);
  }

  @Override
  public List<String> ensureKeyIndex(TableName table, List<String> keys) {
    return List.of(
        "CREATE UNIQUE INDEX IF NOT EXISTS "
            + quote(shortName(table.name(), "__t4t_key"))
            + " ON "
            + table(table)
            + " ("
            + columns(keys)
            + ")");
  }

  @Override
  public String upsertFromStage(
      TableName table, String stageSql, List<String> keys, List<String> columns) {
    List<String> keyLower = keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    List<String> sets =
        columns.stream()
            .filter(c -> !keyLower.contains(c.toLowerCase(Locale.ROOT)))
            .map(c -> quote(c) + " = EXCLUDED." + quote(c))
            .toList();
    return "INSERT INTO "
        + table(table)
        + " ("
        + columns(columns)
        + ")\nSELECT "
        + columns(columns)
        + " FROM "
        + stageSql
        + "\nON CONFLICT ("
        + columns(keys)
        + ") DO "
        + (sets.isEmpty() ? "NOTHING" : "UPDATE SET " + String.join(", ", sets));
  }

  /**
   * The type's own hash of the whole row ({@code hash_record_extended}): independent of the
   * session's TimeZone and text formats, and defined for NULLs.
   */
  @Override
  public String bucketOf(List<String> columns, int buckets) {
    return "((hash_record_extended(ROW("
        + columns(columns)
        + "), 0) & 9223372036854775807) % "
        + buckets
        + ")";
  }

  @Override
  public String advisoryLock(long key) {
    return "SELECT pg_advisory_xact_lock(" + key + ")";
  }

  /** 42P01 undefined_table, 3F000 invalid_schema_name. */
  @Override
  public boolean isMissingRelation(SQLException e) {
    return "42P01".equals(e.getSQLState()) || "3F000".equals(e.getSQLState());
  }

  @Override
  public boolean failedStatementAbortsTransaction() {
    return true;
  }

  /** 40001 serialization_failure, 40P01 deadlock_detected. */
  @Override
  public boolean isConflict(SQLException e) {
    String s = e.getSQLState();
    return "40001".equals(s) || "40P01".equals(s);
  }

  /** 23505 unique_violation. */
  @Override
  public boolean isUniqueViolation(SQLException e) {
    return "23505".equals(e.getSQLState());
  }

  @Override
  public String replaceTableFromCsv(TableName table, java.nio.file.Path csv) {
    throw new UnsupportedOperationException("PostgreSQL seeds are loaded through JDBC");
  }

  /** PostgreSQL truncates identifiers at 63 bytes: keep derived names within that. */
  static String shortName(String base, String suffix) {
    if (base.length() + suffix.length() <= 63) {
      return base + suffix;
    }
    String hash = Integer.toHexString(base.hashCode());
    return base.substring(0, 63 - suffix.length() - hash.length() - 1) + "_" + hash + suffix;
  }
}
