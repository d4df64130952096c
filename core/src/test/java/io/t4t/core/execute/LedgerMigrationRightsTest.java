package io.t4t.core.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.t4t.core.dialect.PostgresDialect;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.testing.Postgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * An older ledger opened by a PostgreSQL user who may write it but not alter it (only a table's
 * owner may): a clear message with the statements to run, not the engine's error.
 */
class LedgerMigrationRightsTest {
  private static final String OLD_LEDGER =
      "CREATE TABLE _t4t.ledger (seq BIGINT NOT NULL, run_id VARCHAR NOT NULL, model_name VARCHAR"
          + " NOT NULL, kind VARCHAR NOT NULL, materialization VARCHAR, strategy VARCHAR, sql_hash"
          + " VARCHAR, config_hash VARCHAR, last_processed_value VARCHAR, rows_written BIGINT,"
          + " applied_at TIMESTAMP NOT NULL)";

  @Test
  void aUserWhoMayNotAlterAnOlderLedgerIsToldWhatToRun() throws SQLException {
    String db = Postgres.createDatabase("ledger_rights");
    String writer = db + "_writer";
    try (Connection owner = Postgres.connect(db)) {
      run(
          owner,
          "CREATE SCHEMA _t4t",
          OLD_LEDGER,
          "CREATE ROLE " + writer + " LOGIN",
          "GRANT USAGE ON SCHEMA _t4t TO " + writer,
          "GRANT SELECT, INSERT ON _t4t.ledger TO " + writer);

      InvalidInputException refused;
      try (Warehouse w = asWriter(db, writer)) {
        refused = catchThrowableOfType(() -> new Ledger(w).ensure(), InvalidInputException.class);
      }
      assertThat(refused)
          .hasMessageStartingWith(
              "Cannot add the run-detail columns to _t4t.ledger (ERROR: must be owner of table"
                  + " ledger)")
          .hasMessageContaining("Run t4t once as the ledger's owner")
          .hasMessageContaining(
              "ALTER TABLE \"_t4t\".\"ledger\" ADD COLUMN \"run_kind\" VARCHAR; ALTER TABLE")
          .hasMessageEndingWith("ADD COLUMN \"duration_ms\" BIGINT");
      assertThat(columns(owner)).isEqualTo(11);

      // the statements the message names are the ones that make the ledger usable
      String message = refused.getMessage();
      String statements = message.substring(message.indexOf("yourself: ") + "yourself: ".length());
      run(owner, statements.split("; "));
      try (Warehouse w = asWriter(db, writer)) {
        new Ledger(w).ensure();
        assertThat(new Ledger(w).history(null, 10)).isEmpty();
      }
      assertThat(columns(owner)).isEqualTo(11 + Ledger.DETAIL_COLUMNS.size());
    }
  }

  private static Warehouse asWriter(String db, String writer) throws SQLException {
    return new Warehouse(
        DriverManager.getConnection(Postgres.url(db), writer, ""), new PostgresDialect(), db);
  }

  private static int columns(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        var rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = '_t4t'"
                    + " AND table_name = 'ledger'")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void run(Connection c, String... statements) throws SQLException {
    for (String sql : statements) {
      try (Statement s = c.createStatement()) {
        s.execute(sql);
      }
    }
  }
}
