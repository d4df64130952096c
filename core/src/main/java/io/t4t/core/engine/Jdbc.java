package io.t4t.core.engine;

import io.t4t.core.dialect.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The few JDBC calls preparing a session needs, before the connection becomes a warehouse. */
final class Jdbc {
  private Jdbc() {}

  static void execute(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** True when the connection's catalog has {@code schema}. */
  static boolean schemaExists(Connection c, Dialect dialect, String schema) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement(
            "SELECT 1 FROM information_schema.schemata WHERE catalog_name = "
                + dialect.currentCatalog()
                + " AND schema_name = ?")) {
      s.setString(1, schema);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    }
  }

  static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }
}
