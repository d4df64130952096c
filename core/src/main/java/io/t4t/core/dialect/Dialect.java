package io.t4t.core.dialect;

import io.t4t.core.project.Lookback;
import io.t4t.core.sql.SqlValue;
import io.t4t.core.sql.ValueRenderer;
import java.util.List;
import java.util.Set;

/**
 * One SQL engine's spelling of the primitives strategies use. Every method returns SQL text built
 * from quoted identifiers and rendered literals; none executes anything.
 */
public interface Dialect extends ValueRenderer {

  /** Short name used in logs, e.g. {@code DuckDB}. */
  String name();

  Set<Capability> capabilities();

  default boolean supports(Capability capability) {
    return capabilities().contains(capability);
  }

  RowChangeParadigm rowChangeParadigm();

  /** Quotes one identifier. */
  String quote(String identifier);

  default String table(TableName t) {
    return quote(t.schema()) + "." + quote(t.name());
  }

  default String columns(List<String> columns) {
    return String.join(", ", columns.stream().map(this::quote).toList());
  }

  /** A typed literal for {@code value}. */
  @Override
  String literal(SqlValue value);

  /** True for date and time types, the only ones a lookback can be subtracted from. */
  default boolean isTemporal(String typeName) {
    String t = typeName.toUpperCase(java.util.Locale.ROOT);
    return t.contains("DATE") || t.contains("TIME");
  }

  /** {@code expr} minus the lookback, as an expression of the engine. */
  String minus(String expr, Lookback lookback);

  String createSchemaIfNotExists(String schema);

  /** Builds a table from a query, replacing an existing table atomically within the transaction. */
  String replaceTableAs(TableName table, String query);

  String createOrReplaceView(TableName view, String query);

  String dropTable(TableName table);

  String dropView(TableName view);

  default String dropColumn(TableName table, String column) {
    return "ALTER TABLE " + table(table) + " DROP COLUMN " + quote(column);
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
    StringBuilder sb =
        new StringBuilder("MERGE INTO ").append(table(table)).append(" AS t4t_target");
    sb.append("\nUSING ").append(tempTable(stage)).append(" AS t4t_delta\nON ");
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

  /** True when {@code e} says the table or view does not exist (and nothing else went wrong). */
  boolean isMissingRelation(java.sql.SQLException e);

  /** Loads a CSV file with a header row into a new or replaced table. */
  String replaceTableFromCsv(TableName table, java.nio.file.Path csv);
}
