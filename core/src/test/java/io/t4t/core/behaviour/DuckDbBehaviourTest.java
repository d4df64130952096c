package io.t4t.core.behaviour;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** The behaviour suite on an embedded DuckDB file. */
class DuckDbBehaviourTest extends BehaviourSuite {

  @Override
  protected java.util.Set<io.t4t.core.dialect.Capability> capabilities() {
    return new io.t4t.core.dialect.DuckDbDialect().capabilities();
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
