package io.t4t.core.behaviour;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The behaviour suite on an embedded DuckDB file. */
class DuckDbBehaviourTest extends BehaviourSuite {

  private String url() {
    return "jdbc:duckdb:" + dir.resolve("data/p.duckdb");
  }

  @Override
  protected java.util.Set<io.t4t.core.dialect.Capability> capabilities() {
    return new io.t4t.core.dialect.DuckDbDialect().capabilities();
  }

  @Override
  protected String connectionToml(Path dir) {
    return "[connection]\ntype = \"duckdb\"\npath = \"p/data/p.duckdb\"\nschema = \"an\"\n";
  }

  @Override
  protected void sql(String... statements) {
    try {
      java.nio.file.Files.createDirectories(dir.resolve("data"));
      try (Connection c = DriverManager.getConnection(url())) {
        for (String s : statements) {
          try (Statement st = c.createStatement()) {
            st.execute(s);
          }
        }
      }
    } catch (SQLException | java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected List<String> rows(String query) {
    try (Connection c = DriverManager.getConnection(url());
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      List<String> out = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<String> cells = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          cells.add(rs.getString(i));
        }
        out.add(String.join("|", cells));
      }
      Collections.sort(out);
      return out;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
