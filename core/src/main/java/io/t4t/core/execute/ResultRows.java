package io.t4t.core.execute;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A query's result as plain Java values: how {@link Warehouse#query} maps the engine's types. */
final class ResultRows {
  private ResultRows() {}

  /** Runs the prepared query and reads every row. */
  static List<List<Object>> read(PreparedStatement s) throws SQLException {
    try (ResultSet rs = s.executeQuery()) {
      ResultSetMetaData md = rs.getMetaData(); // once: DuckDB's driver builds it on every call
      int n = md.getColumnCount();
      String[] types = new String[n + 1];
      for (int i = 1; i <= n; i++) {
        types[i] = md.getColumnTypeName(i).toLowerCase(Locale.ROOT);
      }
      List<List<Object>> rows = new ArrayList<>();
      while (rs.next()) {
        List<Object> row = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
          row.add(value(rs, i, types[i]));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  /**
   * A column value, zoned timestamps as {@link OffsetDateTime} (JDBC's {@code Timestamp} would drop
   * the zone; Trino's driver converts to {@code ZonedDateTime} only).
   */
  private static Object value(ResultSet rs, int i, String type) throws SQLException {
    if (type.equals("timestamptz")) {
      return rs.getObject(i, OffsetDateTime.class);
    }
    Object value = rs.getObject(i);
    if (value instanceof java.sql.Timestamp && type.endsWith("with time zone")) {
      return rs.getObject(i, ZonedDateTime.class).toOffsetDateTime();
    }
    return value;
  }
}
