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
}
