package io.t4t.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL 17 server from zonky's binaries for local deployments ({@code deploy/local/}):
 * writes its JDBC URL to the file named by the first argument and runs until stopped. User and
 * password are {@code postgres}; data lives in a temporary folder.
 */
public final class StandalonePostgres {
  private StandalonePostgres() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("Usage: StandalonePostgres URL_FILE [DATABASE_TO_CREATE ...]");
      System.exit(2);
    }
    EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    pg.close();
                  } catch (Exception ignored) {
                    // stopping anyway
                  }
                }));
    for (int i = 1; i < args.length; i++) {
      try (java.sql.Connection c =
              java.sql.DriverManager.getConnection(
                  pg.getJdbcUrl("postgres", "postgres"), "postgres", "postgres");
          java.sql.Statement s = c.createStatement()) {
        s.execute("CREATE DATABASE \"" + args[i].replace("\"", "") + "\"");
      }
    }
    Path file = Path.of(args[0]);
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, pg.getJdbcUrl("postgres", "postgres"));
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    System.out.println("PostgreSQL at " + pg.getJdbcUrl("postgres", "postgres"));
    Thread.currentThread().join();
  }
}
