package io.t4t.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A benchmark's own statements on a DuckDB file, each call opening and closing it. */
final class DuckDbFiles {
  private DuckDbFiles() {}

  static Connection connect(Path db) throws SQLException {
    return DriverManager.getConnection("jdbc:duckdb:" + db);
  }

  /** Runs the statements in order on one connection. */
  static void sql(Path db, String... statements) throws SQLException {
    try (Connection c = connect(db);
        Statement st = c.createStatement()) {
      for (String s : statements) {
        st.execute(s);
      }
    }
  }

  /** The first column of the query's first row, as text. */
  static String value(Path db, String query) throws SQLException {
    try (Connection c = connect(db);
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
