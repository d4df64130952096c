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

  /** DuckDB reads files: data that lands in a folder is a source like a table. */
  @org.junit.jupiter.api.Test
  void modelsReadLandedFilesRelativeToTheProjectWhereverT4tRuns() throws java.io.IOException {
    java.nio.file.Path landing = dir.resolve("landing/orders");
    java.nio.file.Files.createDirectories(landing);
    java.nio.file.Files.writeString(
        landing.resolve("1.csv"),
        "id,amount,ts\n1,10,2024-01-01 10:00:00\n2,20,2024-01-01 11:00:00\n");
    model(
        "orders",
        "SELECT id, amount, ts FROM read_csv('landing/orders/*.csv', header = true)",
        io.t4t.core.testing.TestModels.incremental("append", "'time_column': 'ts'"));
    org.assertj.core.api.Assertions.assertThat(run().ok()).isTrue();
    java.nio.file.Files.writeString(
        landing.resolve("2.csv"), "id,amount,ts\n3,30,2024-01-02 09:00:00\n");
    io.t4t.core.run.RunSummary second = run();
    org.assertj.core.api.Assertions.assertThat(outcome(second, "an.orders").rowsWritten())
        .isEqualTo(1);
    org.assertj.core.api.Assertions.assertThat(rows("SELECT id FROM an.orders"))
        .containsExactly("1", "2", "3");
    try (io.t4t.core.run.ProjectRunner r =
        io.t4t.core.run.ProjectRunner.openReadOnly(io.t4t.core.project.ProjectLoader.load(dir))) {
      org.assertj.core.api.Assertions.assertThat(r.graph().readers("landing/orders"))
          .extracting(Object::toString)
          .containsExactly("an.orders");
    }
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
