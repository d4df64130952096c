package io.t4t.core.dialect;

import io.t4t.core.project.Lookback;
import io.t4t.core.sql.SqlValue;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Trino (tested on 476) writing to an Iceberg catalog.
 *
 * <p>Iceberg in Trino commits every write by itself ("Catalog only supports writes using
 * autocommit"): there are no multi-statement transactions and no temp tables. So each model run
 * writes its data in one atomic statement ({@code CREATE OR REPLACE TABLE ... AS}, {@code CREATE OR
 * REPLACE VIEW}, one {@code INSERT}, one {@code MERGE}), checks the delta's keys before that
 * statement rather than after it, and records the ledger row in a second commit. A run whose ledger
 * row is missing is applied again, which changes nothing more: rebuilds and merges are idempotent,
 * and an append skips rows its window already holds (docs/engines/trino.md).
 *
 * <p>Upserts are one {@link RowChangeParadigm#MERGE_STATEMENT}: Trino redistributes the merge rows
 * to its writers by partition and bucket inside the engine (the idea t4t's fan-out imitates for the
 * other engines), so a model run on Trino is a single merge sink.
 */
public final class TrinoDialect implements Dialect {
  /** Trino's StandardErrorCode values t4t reads. */
  private static final int SCHEMA_NOT_FOUND = 45;

  private static final int TABLE_NOT_FOUND = 46;

  private static final DateTimeFormatter TS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

  @Override
  public String name() {
    return "Trino";
  }

  /** Trino's driver resends every prepared statement of a session in each request's headers. */
  @Override
  public boolean keepsPreparedStatements() {
    return false;
  }

  @Override
  public Set<Capability> capabilities() {
    return EnumSet.of(
        Capability.CREATE_OR_REPLACE_TABLE,
        Capability.MERGE,
        Capability.EXCEPT_ALL,
        Capability.CONCURRENT_WRITERS);
  }

  @Override
  public RowChangeParadigm rowChangeParadigm() {
    return RowChangeParadigm.MERGE_STATEMENT;
  }

  @Override
  public String quote(String identifier) {
    return StandardSql.quote(identifier);
  }

  /** Trino has no {@code USING}: the connector converts the values itself. */
  @Override
  public String alterColumnType(TableName table, String column, String type) {
    return "ALTER TABLE "
        + table(table)
        + " ALTER COLUMN "
        + quote(column)
        + " SET DATA TYPE "
        + type;
  }

  /**
   * Iceberg promotes only int to bigint, float to double and a decimal to a wider precision of the
   * same scale (https://iceberg.apache.org/spec/#schema-evolution; Trino's Iceberg connector,
   * "ALTER TABLE ... SET DATA TYPE", https://trino.io/docs/current/connector/iceberg.html).
   */
  @Override
  public boolean widensInPlace(String from, String to) {
    String f = from.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    String t = to.trim().toUpperCase(Locale.ROOT).replace(" ", "");
    if (f.equals("INTEGER") && t.equals("BIGINT") || f.equals("REAL") && t.equals("DOUBLE")) {
      return true;
    }
    var fd = java.util.regex.Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)").matcher(f);
    var td = java.util.regex.Pattern.compile("DECIMAL\\((\\d+),(\\d+)\\)").matcher(t);
    return fd.matches()
        && td.matches()
        && fd.group(2).equals(td.group(2))
        && Integer.parseInt(td.group(1)) >= Integer.parseInt(fd.group(1));
  }

  /**
   * Iceberg stores times and timestamps with microseconds, integers of 32 bits and more, and
   * unbounded text; {@code CREATE TABLE AS} coerces a query's other types to those, but {@code ADD
   * COLUMN} refuses them ("Type not supported for Iceberg"), so they are written as stored
   * (https://trino.io/docs/current/connector/iceberg.html#type-mapping). A nested type holding one
   * of them is not rewritten, and a time with a time zone has no Iceberg type: empty.
   */
  @Override
  public java.util.Optional<String> ddlType(String reported) {
    String t = reported.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    if (t.equals("TINYINT") || t.equals("SMALLINT")) {
      return java.util.Optional.of("INTEGER");
    }
    if (t.startsWith("VARCHAR") || t.startsWith("CHAR")) {
      return java.util.Optional.of("VARCHAR");
    }
    boolean nested = t.startsWith("ROW(") || t.startsWith("ARRAY(") || t.startsWith("MAP(");
    if (nested) {
      boolean coerced =
          java.util.regex.Pattern.compile(
                  "\\b(TINYINT|SMALLINT|CHAR|VARCHAR\\(|TIMESTAMP(?!\\(6\\))|TIME(?!STAMP|\\(6\\)))")
              .matcher(t)
              .find();
      return coerced ? java.util.Optional.empty() : java.util.Optional.of(t);
    }
    if (t.startsWith("TIMESTAMP")) {
      return java.util.Optional.of(
          t.endsWith("WITH TIME ZONE") ? "TIMESTAMP(6) WITH TIME ZONE" : "TIMESTAMP(6)");
    }
    if (t.startsWith("TIME")) {
      // Iceberg has no time with a time zone
      return t.endsWith("WITH TIME ZONE")
          ? java.util.Optional.empty()
          : java.util.Optional.of("TIME(6)");
    }
    return java.util.Optional.of(t);
  }

  /** Trino spells a zoned timestamp {@code TIMESTAMP '... +hh:mm'}; the rest is standard. */
  @Override
  public String literal(SqlValue value) {
    if (value instanceof SqlValue.Timestamp t) {
      return "TIMESTAMP " + StandardSql.string(t.value().format(TS));
    }
    if (value instanceof SqlValue.TimestampTz t) {
      return "TIMESTAMP "
          + StandardSql.string(t.value().format(TS) + " " + t.value().getOffset().getId())
              .replace(" Z'", " UTC'");
    }
    if (value instanceof SqlValue.Typed t) {
      // Trino casts only its own text forms to dates and times: type ISO text first
      SqlValue typed;
      try {
        typed = io.t4t.core.sql.Literals.fromString(t.text());
      } catch (RuntimeException e) {
        typed = new SqlValue.Text(t.text());
      }
      if (typed instanceof SqlValue.Timestamp || typed instanceof SqlValue.TimestampTz) {
        return "CAST(" + literal(typed) + " AS " + t.sqlType() + ")";
      }
    }
    return StandardSql.literal(value);
  }

  @Override
  public String typeName(ResultSetMetaData md, int column) throws SQLException {
    return md.getColumnTypeName(column).toUpperCase(Locale.ROOT);
  }

  /** Day-time intervals only: {@code INTERVAL '3' DAY}; weeks as days. */
  @Override
  public String minus(String expr, Lookback lookback) {
    long amount = lookback.amount();
    String unit;
    switch (lookback.unit()) {
      case WEEK -> {
        amount *= 7;
        unit = "DAY";
      }
      default -> unit = lookback.unit().name();
    }
    return expr + " - INTERVAL " + StandardSql.string(Long.toString(amount)) + " " + unit;
  }

  /**
   * Trino subtracts only days and longer from a DATE: for shorter lookbacks the date becomes a
   * timestamp first (a DATE column compares with a timestamp bound as DuckDB and PostgreSQL do).
   */
  @Override
  public String minus(String expr, String typeName, Lookback lookback) {
    boolean date = typeName.trim().equalsIgnoreCase("DATE");
    boolean subDay =
        lookback.unit() == Lookback.Unit.SECOND
            || lookback.unit() == Lookback.Unit.MINUTE
            || lookback.unit() == Lookback.Unit.HOUR;
    return minus(date && subDay ? "CAST(" + expr + " AS TIMESTAMP(6))" : expr, lookback);
  }

  /** One atomic commit on Iceberg: readers see the old snapshot until it lands. */
  @Override
  public String replaceTableAs(TableName table, String query) {
    return "CREATE OR REPLACE TABLE " + table(table) + " AS\n" + query;
  }

  @Override
  public String createTempTableAs(String name, String query) {
    throw new UnsupportedOperationException("Trino has no temp tables");
  }

  @Override
  public String dropTempTable(String name) {
    throw new UnsupportedOperationException("Trino has no temp tables");
  }

  /** A model run on Trino is one merge sink ({@code [fan_out]} does not apply there). */
  @Override
  public String bucketOf(List<String> columns, int buckets) {
    throw new UnsupportedOperationException("Trino runs one merge sink per model run");
  }

  @Override
  public String currentCatalog() {
    return "current_catalog";
  }

  /** Trino's types for standard ones; timestamps with microseconds, as Iceberg stores them. */
  @Override
  public String columnType(String standardType) {
    String t = standardType.toUpperCase(Locale.ROOT);
    if (t.startsWith("NUMERIC")) {
      return t.replace("NUMERIC", "DECIMAL");
    }
    return switch (t) {
      case "TEXT" -> "VARCHAR";
      case "DOUBLE PRECISION" -> "DOUBLE";
      case "TIMESTAMP" -> "TIMESTAMP(6)";
      case "TIMESTAMP WITH TIME ZONE" -> "TIMESTAMP(6) WITH TIME ZONE";
      case "TIME" -> "TIME(6)";
      default -> t;
    };
  }

  @Override
  public boolean isMissingRelation(SQLException e) {
    return e.getErrorCode() == TABLE_NOT_FOUND || e.getErrorCode() == SCHEMA_NOT_FOUND;
  }

  @Override
  public String replaceTableFromCsv(TableName table, java.nio.file.Path csv) {
    throw new UnsupportedOperationException("Trino seeds are loaded through JDBC");
  }
}
