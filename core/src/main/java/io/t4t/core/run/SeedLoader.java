package io.t4t.core.run;

import io.t4t.core.dialect.Capability;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TableName;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.plan.TargetInfo;
import io.t4t.core.sql.SqlValue;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loads a seed CSV into a table, inside the caller's transaction. DuckDB reads the file itself; for
 * other engines an in-memory DuckDB reads it (the same type detection on every engine) and the rows
 * go over JDBC in batches. A table whose columns are unchanged is refilled in place, so views over
 * it stay valid.
 */
final class SeedLoader {
  private static final int BATCH = 1000;

  private SeedLoader() {}

  static void load(Warehouse warehouse, TableName table, Path csv) throws SQLException {
    Dialect d = warehouse.dialect();
    if (d.supports(Capability.READS_FILES)) {
      warehouse.execute(d.replaceTableFromCsv(table, csv));
      return;
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = duck.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT * FROM read_csv("
                    + new io.t4t.core.dialect.DuckDbDialect()
                        .literal(new SqlValue.Text(csv.toAbsolutePath().toString()))
                    + ", header = true, auto_detect = true)")) {
      ResultSetMetaData md = rs.getMetaData();
      int n = md.getColumnCount();
      List<String> columns = new ArrayList<>();
      List<String> types = new ArrayList<>();
      for (int i = 1; i <= n; i++) {
        columns.add(md.getColumnName(i));
        types.add(targetType(md.getColumnTypeName(i)));
      }
      if (!d.supports(Capability.TRANSACTIONS)) {
        loadByValues(warehouse, table, rs, columns, types);
        return;
      }
      TargetInfo existing = warehouse.describe(table, TargetInfo.Kind.TABLE);
      boolean same =
          existing.kind() == TargetInfo.Kind.TABLE
              && existing.columns().equals(columns)
              && existing.types().equals(types);
      if (same) {
        warehouse.execute("TRUNCATE TABLE " + d.table(table));
      } else {
        warehouse.execute(d.dropTable(table));
        List<String> defs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          defs.add(d.quote(columns.get(i)) + " " + types.get(i));
        }
        warehouse.execute("CREATE TABLE " + d.table(table) + " (" + String.join(", ", defs) + ")");
      }
      String insert =
          "INSERT INTO "
              + d.table(table)
              + " ("
              + d.columns(columns)
              + ") VALUES ("
              + String.join(", ", java.util.Collections.nCopies(n, "?"))
              + ")";
      try (PreparedStatement ps = warehouse.connection().prepareStatement(insert)) {
        int pending = 0;
        while (rs.next()) {
          for (int i = 1; i <= n; i++) {
            Object v = types.get(i - 1).equals("TEXT") ? rs.getString(i) : rs.getObject(i);
            ps.setObject(i, v);
          }
          ps.addBatch();
          if (++pending == BATCH) {
            ps.executeBatch();
            pending = 0;
          }
        }
        if (pending > 0) {
          ps.executeBatch();
        }
      }
    }
  }

  /**
   * Without transactions (Trino): the first rows replace the table in one {@code CREATE OR REPLACE
   * TABLE ... AS SELECT ... FROM (VALUES ...)}, so a seed of up to {@value #BATCH} rows is replaced
   * atomically; larger seeds append the rest in statements of {@value #BATCH} rows (a failure
   * part-way is repaired by loading the seed again). Values are typed by casting their text.
   */
  private static void loadByValues(
      Warehouse warehouse, TableName table, ResultSet rs, List<String> columns, List<String> types)
      throws SQLException {
    Dialect d = warehouse.dialect();
    int n = columns.size();
    List<String> engineTypes = types.stream().map(d::columnType).toList();
    List<String> rows = new ArrayList<>();
    boolean first = true;
    while (true) {
      boolean more = rs.next();
      if (more) {
        List<String> cells = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          String text = rs.getString(i);
          cells.add(
              "CAST("
                  + (text == null ? "NULL" : d.literal(new SqlValue.Text(text)))
                  + " AS "
                  + engineTypes.get(i - 1)
                  + ")");
        }
        rows.add("(" + String.join(", ", cells) + ")");
      }
      if (rows.size() == BATCH || (!more && (first || !rows.isEmpty()))) {
        String values;
        if (rows.isEmpty()) { // an empty seed: a typed row filtered out keeps the column types
          List<String> nulls = engineTypes.stream().map(t -> "CAST(NULL AS " + t + ")").toList();
          values =
              "SELECT * FROM (VALUES ("
                  + String.join(", ", nulls)
                  + ")) AS t4t_seed ("
                  + d.columns(columns)
                  + ") WHERE FALSE";
        } else {
          values =
              "SELECT * FROM (VALUES\n"
                  + String.join(",\n", rows)
                  + "\n) AS t4t_seed ("
                  + d.columns(columns)
                  + ")";
        }
        warehouse.execute(
            first ? d.replaceTableAs(table, values) : d.insertSelect(table, columns, values));
        first = false;
        rows.clear();
      }
      if (!more) {
        return;
      }
    }
  }

  /** The PostgreSQL column type for a DuckDB type detected in a CSV. */
  static String targetType(String duckType) {
    String t = duckType.toUpperCase(Locale.ROOT);
    if (t.startsWith("DECIMAL")) {
      return t.replace("DECIMAL", "NUMERIC");
    }
    return switch (t) {
      case "BIGINT",
          "INTEGER",
          "SMALLINT",
          "BOOLEAN",
          "DATE",
          "TIMESTAMP",
          "TIME",
          "REAL",
          "UUID" ->
          t;
      case "TINYINT" -> "SMALLINT";
      case "DOUBLE" -> "DOUBLE PRECISION";
      case "FLOAT" -> "REAL";
      case "HUGEINT" -> "NUMERIC(38,0)";
      case "UBIGINT" -> "NUMERIC(20,0)";
      case "UINTEGER" -> "BIGINT";
      case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMP WITH TIME ZONE";
      default -> "TEXT";
    };
  }
}
