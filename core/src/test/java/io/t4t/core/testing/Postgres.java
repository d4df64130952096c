package io.t4t.core.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL 17 server (zonky's embedded binaries) for the whole test JVM; each test gets
 * a fresh database of its own.
 */
public final class Postgres {
  private static EmbeddedPostgres server;
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private Postgres() {}

  public static synchronized int port() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new IllegalStateException("Cannot start the embedded PostgreSQL", e);
      }
      EmbeddedPostgres s = server;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      s.close();
                    } catch (IOException ignored) {
                      // the JVM is going anyway
                    }
                  }));
    }
    return server.getPort();
  }

  /** Creates an empty database and returns its name. */
  public static String createDatabase(String prefix) {
    String name = prefix + "_" + DATABASES.incrementAndGet();
    try (Connection c = connect("postgres");
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return name;
  }

  public static String url(String database) {
    return "jdbc:postgresql://localhost:" + port() + "/" + database;
  }

  public static Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), "postgres", "");
  }
}
