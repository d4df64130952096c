package io.t4t.core.project;

import java.nio.file.Path;

/**
 * {@code [connection]} of {@code project.toml} (or the {@code [targets.<name>]} chosen with {@code
 * --target}).
 *
 * @param type the engine
 * @param path DuckDB: the database file, resolved against the project directory (null otherwise)
 * @param schema the default schema for unqualified table references
 * @param host PostgreSQL: the server's host name
 * @param port PostgreSQL: the server's port
 * @param database PostgreSQL: the database (the catalog model SQL may name)
 * @param user PostgreSQL: the role t4t logs in as
 * @param passwordEnv PostgreSQL: the environment variable holding the password; passwords never
 *     live in project files
 */
public record ConnectionConfig(
    EngineType type,
    Path path,
    String schema,
    String host,
    int port,
    String database,
    String user,
    String passwordEnv) {

  /** A DuckDB connection. */
  public static ConnectionConfig duckdb(Path path, String schema) {
    return new ConnectionConfig(EngineType.DUCKDB, path, schema, null, 0, null, null, null);
  }

  /** A PostgreSQL connection; the password comes from {@code passwordEnv} when t4t connects. */
  public static ConnectionConfig postgres(
      String host, int port, String database, String user, String schema, String passwordEnv) {
    return new ConnectionConfig(
        EngineType.POSTGRES, null, schema, host, port, database, user, passwordEnv);
  }

  /** Where t4t connects, for messages: a file, or {@code postgres://user@host:port/db}. */
  public String describe() {
    return switch (type) {
      case DUCKDB -> String.valueOf(path);
      case POSTGRES -> "postgres://" + user + "@" + host + ":" + port + "/" + database;
    };
  }
}
