package io.t4t.e2e;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A PostgreSQL warehouse the tests read and write directly (zonky's embedded binaries). */
final class Pg implements AutoCloseable {
  final EmbeddedPostgres server;

  Pg() throws java.io.IOException {
    this.server = EmbeddedPostgres.builder().start();
  }

  int port() {
    return server.getPort();
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://localhost:" + port() + "/postgres", "postgres", "");
  }

  void sql(String... statements) throws SQLException {
    try (Connection c = connect()) {
      for (String s : statements) {
        try (Statement st = c.createStatement()) {
          st.execute(s);
        }
      }
    }
  }

  String value(String query) throws SQLException {
    List<String> rows = column(query);
    return rows.isEmpty() ? null : rows.get(0);
  }

  List<String> column(String query) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Connection c = connect();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(query)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    }
    return out;
  }

  /** Row count and a hash of every row, independent of row order. */
  String checksum(String table) throws SQLException {
    return value(
        "SELECT count(*) || ':' || sum(hashtextextended(t::text, 0)) FROM " + table + " t");
  }

  /** Drops the stage tables fanned-out runs left behind (a harness restoring a base state). */
  void dropStages() throws SQLException {
    List<String> drops = new ArrayList<>();
    for (String t :
        column(
            "SELECT tablename FROM pg_tables WHERE schemaname = '_t4t' AND tablename LIKE"
                + " 'stage\\_%'")) {
      drops.add("DROP TABLE _t4t.\"" + t + "\"");
    }
    sql(drops.toArray(String[]::new));
  }

  @Override
  public void close() throws java.io.IOException {
    server.close();
  }
}
