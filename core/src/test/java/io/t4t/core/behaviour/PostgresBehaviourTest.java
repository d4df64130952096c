package io.t4t.core.behaviour;

import io.t4t.core.dialect.Capability;
import io.t4t.core.testing.Postgres;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;

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
  protected Set<Capability> expectedCapabilities() {
    return EnumSet.of(
        Capability.TRANSACTIONS,
        Capability.TRANSACTIONAL_DDL,
        Capability.CHANGES_COLUMN_TYPES,
        Capability.MERGE,
        Capability.EXCEPT_ALL,
        Capability.TEMP_TABLES,
        Capability.CONCURRENT_WRITERS);
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
  protected Connection connect() throws SQLException {
    return Postgres.connect(db());
  }

  @Override
  protected String[] enumType() {
    return new String[] {"CREATE TYPE raw.t4t_mood AS ENUM ('a', 'b')", "raw.t4t_mood"};
  }
}
