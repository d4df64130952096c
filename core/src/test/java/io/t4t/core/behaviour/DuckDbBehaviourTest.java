package io.t4t.core.behaviour;

import io.t4t.core.dialect.Capability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

/** The behaviour suite on an embedded DuckDB file. */
class DuckDbBehaviourTest extends BehaviourSuite {

  @Override
  protected Set<Capability> expectedCapabilities() {
    return EnumSet.of(
        Capability.TRANSACTIONS,
        Capability.TRANSACTIONAL_DDL,
        Capability.CHANGES_COLUMN_TYPES,
        Capability.CREATE_OR_REPLACE_TABLE,
        Capability.MERGE,
        Capability.EXCEPT_ALL,
        Capability.TEMP_TABLES,
        Capability.READS_FILES,
        Capability.DESCRIBES_IN_BULK);
  }

  @Override
  protected String connectionToml(Path dir) {
    return "[connection]\ntype = \"duckdb\"\npath = \"p/data/p.duckdb\"\nschema = \"an\"\n";
  }

  @Override
  protected Connection connect() throws SQLException {
    try {
      Files.createDirectories(dir.resolve("data"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("data/p.duckdb"));
  }

  /**
   * DuckDB refuses to drop or retype a column of an indexed table: the run fails saying so before
   * any ALTER, and the table is as it was (adding a column still works).
   */
  @org.junit.jupiter.api.Test
  void aSchemaSyncOnAnIndexedTableFailsNamingTheIndexAndChangesNothing() {
    sql(
        "DROP TABLE IF EXISTS raw.wide",
        "CREATE TABLE raw.wide AS SELECT 1 AS id, TIMESTAMP '2024-01-05 00:00:00' AS ts, 10 AS amount");
    model(
        "m",
        "SELECT * FROM raw.wide",
        "{'on_schema_change': 'sync_all_columns', "
            + io.t4t.core.testing.TestModels.incremental("append", "'time_column': 'ts'")
                .substring(1));
    org.assertj.core.api.Assertions.assertThat(run().ok()).isTrue();
    sql(
        "CREATE INDEX m_amount ON an.m (amount)",
        "ALTER TABLE raw.wide DROP COLUMN amount",
        "INSERT INTO raw.wide VALUES (2, TIMESTAMP '2024-01-06 00:00:00')");
    io.t4t.core.execute.RunOutcome o = outcome(run(), "an.m");
    org.assertj.core.api.Assertions.assertThat(o.errorCode())
        .isEqualTo(io.t4t.events.ErrorCode.SCHEMA_CHANGED);
    org.assertj.core.api.Assertions.assertThat(o.message())
        .startsWith("Cannot drop or retype columns of an.m in place")
        .contains("on a table with an index")
        .contains("Indexes: m_amount");
    org.assertj.core.api.Assertions.assertThat(rows("SELECT id, amount FROM an.m"))
        .containsExactly("1|10");
  }

  @Override
  protected String[] enumType() {
    return new String[] {"CREATE TYPE t4t_mood AS ENUM ('a', 'b')", "t4t_mood"};
  }
}
