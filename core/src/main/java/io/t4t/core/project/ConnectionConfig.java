package io.t4t.core.project;

import java.nio.file.Path;

/**
 * {@code [connection]} of {@code project.toml} (or the {@code [targets.<name>]} chosen with {@code
 * --target}).
 *
 * @param type the engine
 * @param path DuckDB: the database file, resolved against the project directory (null otherwise)
 * @param schema the default schema for unqualified table references
 * @param host PostgreSQL, Trino: the server's host name
 * @param port PostgreSQL, Trino: the server's port
 * @param database PostgreSQL: the database; Trino: the catalog (the name model SQL may qualify
 *     tables with)
 * @param user PostgreSQL, Trino: the user t4t logs in as
 * @param passwordEnv PostgreSQL, Trino: the environment variable holding the password; passwords
 *     never live in project files
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

  /**
   * A Trino connection to {@code catalog} (an Iceberg catalog in the reference setup); password and
   * TLS settings come from the environment when t4t connects.
   */
  public static ConnectionConfig trino(
      String host, int port, String catalog, String user, String schema, String passwordEnv) {
    return new ConnectionConfig(
        EngineType.TRINO, null, schema, host, port, catalog, user, passwordEnv);
  }

  /** Trino: the catalog (kept in {@link #database}). */
  public String catalog() {
    return database;
  }

  /**
   * Where t4t connects, for messages: a file, {@code postgres://user@host:port/db} or {@code
   * trino://user@host:port/catalog/schema}, as the engine's provider spells it.
   */
  public String describe() {
    return ConnectionFormats.of(type).describe(this);
  }
}
