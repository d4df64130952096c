package io.t4t.core.behaviour;

import io.t4t.core.testing.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The behaviour suite on a real PostgreSQL 17, one fresh database per test. */
class PostgresBehaviourTest extends BehaviourSuite {
  private String database;

  private String db() {
    if (database == null) {
      database = Postgres.createDatabase("behaviour");
    }
    return database;
  }

  @Override
  protected java.util.Set<io.t4t.core.dialect.Capability> capabilities() {
    return new io.t4t.core.dialect.PostgresDialect().capabilities();
  }

  @Override
  protected String connectionToml(Path dir) {
    return "[connection]\ntype = \"postgres\"\nhost = \"localhost\"\nport = "
        + Postgres.port()
        + "\ndatabase = \""
        + db()
        + "\"\nuser = \"postgres\"\nschema = \"an\"\n";
  }

  @Override
  protected void sql(String... statements) {
    try (Connection c = Postgres.connect(db())) {
      for (String s : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(s);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  protected List<String> rows(String query) {
    try (Connection c = Postgres.connect(db());
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
