package io.t4t.core.engine;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.UnavailableException;
import io.t4t.core.project.ConnectionConfig;
import io.t4t.core.project.ConnectionSection;
import io.t4t.core.project.ConnectionSettings;
import io.t4t.core.project.EngineType;
import io.t4t.core.project.FanOut;
import io.t4t.core.project.Project;
import io.t4t.core.sql.SqlValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * DuckDB, in process: {@code type = "duckdb"}, {@code path} (the database file, relative to the
 * project) and {@code schema} (default {@code main}). One process writes a file at a time.
 */
public final class DuckDbEngine implements EngineProvider {
  @Override
  public EngineType type() {
    return EngineType.DUCKDB;
  }

  /** {@code [connection]} of a DuckDB project: its components are the keys allowed. */
  public record Settings(String type, String path, String schema) implements ConnectionSettings {}

  @Override
  public String passwordVariable() {
    return "PGPASSWORD"; // DuckDB takes no password; the message names the usual variable
  }

  @Override
  public ConnectionConfig read(ConnectionSection section) {
    Settings s = section.bind(Settings.class);
    return ConnectionConfig.duckdb(section.dataPath(s.path()), section.schema(s.schema(), "main"));
  }

  /** One writer per file: buckets would only take turns, so K = 1. */
  @Override
  public FanOut defaultFanOut() {
    return new FanOut(1, 100_000);
  }

  @Override
  public String describe(ConnectionConfig config) {
    return String.valueOf(config.path());
  }

  @Override
  public Dialect dialect() {
    return new DuckDbDialect();
  }

  /** The database file's stem, lower-cased: DuckDB names the attached database so. */
  @Override
  public String catalogName(ConnectionConfig config) {
    String file = config.path().getFileName().toString();
    int dot = file.indexOf('.');
    return (dot > 0 ? file.substring(0, dot) : file).toLowerCase(Locale.ROOT);
  }

  @Override
  public boolean resolvesCatalogNames() {
    return true;
  }

  @Override
  public boolean heldByOneProcess() {
    return true;
  }

  /** A missing file opened read-only reads as an empty in-memory database. */
  @Override
  public Connection connect(Project project, boolean readOnly) {
    Path path = project.connection().path();
    Dialect dialect = dialect();
    try {
      Connection c;
      if (readOnly && !Files.exists(path)) {
        c = DriverManager.getConnection("jdbc:duckdb:");
      } else if (readOnly) {
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        c = DriverManager.getConnection("jdbc:duckdb:" + path, p);
      } else {
        Files.createDirectories(path.getParent());
        c = DriverManager.getConnection("jdbc:duckdb:" + path);
      }
      try {
        // Relative paths in read_csv(...) and friends mean the project folder, wherever t4t runs.
        Jdbc.execute(
            c,
            "SET file_search_path = "
                + dialect.literal(new SqlValue.Text(project.root().toString())));
        String schema = project.connection().schema();
        if (!readOnly) {
          Jdbc.execute(c, dialect.createSchemaIfNotExists(schema));
        }
        if (!readOnly || Jdbc.schemaExists(c, dialect, schema)) {
          Jdbc.execute(c, "SET schema = " + dialect.literal(new SqlValue.Text(schema)));
        }
        return c;
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    } catch (SQLException | IOException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      if (classify(e) == Failure.LOCKED) {
        throw new UnavailableException(
            "Cannot open " + path + ": another process holds it (is `t4t serve` running?): " + msg,
            e);
      }
      throw new InvalidInputException("Cannot open " + path + ": " + msg, e);
    }
  }

  /**
   * A file another process holds: "IO Error: Could not set lock on file ...: Conflicting lock is
   * held in ..." (https://duckdb.org/docs/connect/concurrency). DuckDB sets no SQLSTATE, so its
   * message is all there is; matching the whole phrase keeps a table or folder called "blocks" out.
   */
  @Override
  public Failure classify(Exception e) {
    String msg = e.getMessage() == null ? e.toString() : e.getMessage();
    if (msg.contains("Could not set lock on file")) {
      return Failure.LOCKED;
    }
    return EngineProvider.super.classify(e);
  }

  /**
   * A DuckDB file is held by one process at a time and executors take turns on it per command, so
   * only its folder is checked (it must exist or be creatable, and be writable); the file itself is
   * not opened.
   */
  @Override
  public Health health(Project project, Duration timeout) {
    Path folder = project.connection().path().toAbsolutePath().getParent();
    Map<String, String> data = Map.of("folder", folder.toString());
    Path existing = folder;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null || !Files.isDirectory(existing) || !Files.isWritable(existing)) {
      return Health.down("The warehouse folder " + folder + " is not writable", data);
    }
    return Health.up(data);
  }
}
