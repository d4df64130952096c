package io.t4t.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.dialect.PostgresDialect;
import io.t4t.core.project.ConnectionFormats;
import io.t4t.core.project.EngineType;
import io.t4t.core.testing.Postgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The registry covers every engine, and each provider classifies its engine's real errors. */
class EngineProvidersTest {
  @Test
  void everyEngineHasExactlyOneProvider() {
    assertThat(EngineProviders.all())
        .extracting(EngineProvider::type)
        .containsExactlyInAnyOrder(EngineType.values());
    for (EngineType type : EngineType.values()) {
      assertThat(EngineProviders.of(type).type()).isEqualTo(type);
      assertThat(ConnectionFormats.of(type)).isSameAs(EngineProviders.of(type));
      assertThat(EngineProviders.of(type).dialect()).isNotNull();
    }
    // a DuckDB file is held by one process; servers take many sessions
    assertThat(EngineProviders.all())
        .filteredOn(EngineProvider::heldByOneProcess)
        .extracting(EngineProvider::type)
        .containsExactly(EngineType.DUCKDB);
  }

  /** pg_terminate_backend sends the session admin_shutdown (57P01), as a server shutdown does. */
  @Test
  void postgresAdminShutdownIsUnavailableAndRetryable() throws SQLException {
    String db = Postgres.createDatabase("engine");
    try (Connection victim = Postgres.connect(db);
        Connection admin = Postgres.connect(db)) {
      int pid;
      try (Statement s = victim.createStatement();
          var r = s.executeQuery("SELECT pg_backend_pid()")) {
        r.next();
        pid = r.getInt(1);
      }
      try (Statement s = admin.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
      SQLException e =
          catchThrowableOfType(
              () -> victim.createStatement().execute("SELECT 1"), SQLException.class);
      assertThat(e.getSQLState()).isEqualTo("57P01");
      Failure failure = EngineProviders.classify(new PostgresDialect(), e);
      assertThat(failure).isEqualTo(Failure.UNAVAILABLE);
      assertThat(failure.retryable()).isTrue();
    }
  }

  @Test
  void postgresUniqueViolationIsRejected() throws SQLException {
    try (Connection c = Postgres.connect(Postgres.createDatabase("engine"));
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id int PRIMARY KEY)");
      s.execute("INSERT INTO t VALUES (1)");
      SQLException e =
          catchThrowableOfType(() -> s.execute("INSERT INTO t VALUES (1)"), SQLException.class);
      assertThat(e.getSQLState()).isEqualTo("23505");
      assertThat(EngineProviders.classify(new PostgresDialect(), e)).isEqualTo(Failure.REJECTED);
    }
  }

  /** Another process holds the DuckDB file; a missing table called "blocks" is no lock. */
  @Test
  void duckDbFileHeldByAnotherProcessIsLocked(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("held.duckdb");
    Process holder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                HoldDuckDbFile.class.getName(),
                file.toString())
            .redirectErrorStream(true)
            .start();
    try {
      var out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("held");
      SQLException e =
          catchThrowableOfType(
              () -> DriverManager.getConnection("jdbc:duckdb:" + file).close(), SQLException.class);
      assertThat(e.getMessage()).contains("lock");
      assertThat(EngineProviders.classify(new DuckDbDialect(), e)).isEqualTo(Failure.LOCKED);
    } finally {
      holder.getOutputStream().close();
      if (!holder.waitFor(20, TimeUnit.SECONDS)) {
        holder.destroyForcibly();
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + file);
        Statement s = c.createStatement()) {
      SQLException e =
          catchThrowableOfType(() -> s.execute("SELECT * FROM blocks"), SQLException.class);
      assertThat(e.getMessage()).contains("blocks");
      assertThat(EngineProviders.classify(new DuckDbDialect(), e)).isEqualTo(Failure.REJECTED);
    }
  }

  /** Opens the DuckDB file named by its argument, says "held", and keeps it until stdin closes. */
  public static final class HoldDuckDbFile {
    public static void main(String[] args) throws Exception {
      try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + args[0])) {
        c.createStatement().execute("CREATE TABLE IF NOT EXISTS t (x int)");
        System.out.println("held");
        System.out.flush();
        while (System.in.read() >= 0) {
          // wait for the test to close our stdin
        }
      }
      System.out.println(Arrays.toString(args) + " released");
    }
  }
}
