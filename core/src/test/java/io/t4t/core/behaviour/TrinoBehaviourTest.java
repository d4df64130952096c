package io.t4t.core.behaviour;

import io.t4t.core.dialect.Capability;
import io.t4t.testing.trino.TrinoServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * The behaviour suite on a real Trino 476 writing to Iceberg: one server for the JVM, one fresh
 * Iceberg catalog per test. Skipped, with one line saying how to enable it, where no JDK 24+ is
 * installed.
 */
class TrinoBehaviourTest extends BehaviourSuite {
  private static final AtomicInteger CATALOGS = new AtomicInteger();
  private static TrinoServer server;
  private String catalog;

  @BeforeAll
  static void trino() {
    var s = TrinoServer.shared();
    Assumptions.assumeTrue(s.isPresent(), TrinoServer::unavailable);
    server = s.get();
  }

  private String catalog() {
    if (catalog == null) {
      catalog = "behaviour_" + CATALOGS.incrementAndGet();
      server.createCatalog(catalog);
    }
    return catalog;
  }

  @Override
  protected Set<Capability> expectedCapabilities() {
    return EnumSet.of(
        Capability.CREATE_OR_REPLACE_TABLE,
        Capability.MERGE,
        Capability.EXCEPT_ALL,
        Capability.CONCURRENT_WRITERS);
  }

  @Override
  protected String connectionToml(Path dir) {
    return "[connection]\ntype = \"trino\"\nhost = \"127.0.0.1\"\nport = "
        + server.port()
        + "\ncatalog = \""
        + catalog()
        + "\"\nuser = \"t4t\"\nschema = \"an\"\n";
  }

  @Override
  protected Connection connect() throws SQLException {
    return server.connect(catalog());
  }
}
