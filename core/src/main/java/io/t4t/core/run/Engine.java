package io.t4t.core.run;

import io.t4t.core.dag.NameResolver;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.sql.TableRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/** Opens a project's warehouse and knows how its engine resolves table names. */
public final class Engine {
  private Engine() {}

  public static Dialect dialect(Project project) {
    return dialect(project.connection().type());
  }

  private static Dialect dialect(io.t4t.core.project.EngineType type) {
    return switch (type) {
      case DUCKDB -> new DuckDbDialect();
      case POSTGRES -> new io.t4t.core.dialect.PostgresDialect();
      case TRINO -> new io.t4t.core.dialect.TrinoDialect();
    };
  }

  /**
   * The table functions that read files on any engine t4t knows (DuckDB's {@code read_csv} and
   * friends): a model calling one reads files whatever the target, so the DAG names its file
   * sources, and an engine that cannot read files refuses the model by name rather than failing on
   * an unknown function.
   */
  public static java.util.Set<String> fileReaders() {
    java.util.Set<String> readers = new java.util.TreeSet<>();
    for (io.t4t.core.project.EngineType type : io.t4t.core.project.EngineType.values()) {
      readers.addAll(dialect(type).fileReaders());
    }
    return java.util.Collections.unmodifiableSet(readers);
  }

  /**
   * The catalog name model SQL can use for the warehouse: the DuckDB file's stem, the PostgreSQL
   * database, or the Trino catalog.
   */
  public static String catalogName(Project project) {
    if (project.connection().type() != io.t4t.core.project.EngineType.DUCKDB) {
      return project.connection().database();
    }
    String file = project.connection().path().getFileName().toString();
    int dot = file.indexOf('.');
    return (dot > 0 ? file.substring(0, dot) : file).toLowerCase(Locale.ROOT);
  }

  /**
   * Opens the warehouse. Read-only opens never create files; a missing database then reads as
   * empty.
   */
  public static Warehouse open(Project project, boolean readOnly) {
    if (project.connection().type() == io.t4t.core.project.EngineType.POSTGRES) {
      return openPostgres(project, readOnly);
    }
    if (project.connection().type() == io.t4t.core.project.EngineType.TRINO) {
      return openTrino(project, readOnly);
    }
    Path path = project.connection().path();
    Dialect dialect = dialect(project);
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
      Warehouse w = new Warehouse(c, dialect, catalogName(project));
      try {
        // Relative paths in read_csv(...) and friends mean the project folder, wherever t4t runs.
        w.execute(
            "SET file_search_path = "
                + dialect.literal(new io.t4t.core.sql.SqlValue.Text(project.root().toString())));
        String schema = project.connection().schema();
        if (!readOnly) {
          w.execute(dialect.createSchemaIfNotExists(schema));
        }
        if (!readOnly || w.schemaExists(schema)) {
          w.execute("SET schema = " + dialect.literal(new io.t4t.core.sql.SqlValue.Text(schema)));
        }
        return w;
      } catch (SQLException e) {
        c.close();
        throw e;
      }
    } catch (SQLException | java.io.IOException e) {
      String msg = e.getMessage() == null ? e.toString() : e.getMessage();
      if (msg.contains("lock")) {
        throw new io.t4t.core.error.UnavailableException(
            "Cannot open " + path + ": another process holds it (is `t4t serve` running?): " + msg,
            e);
      }
      throw new InvalidInputException("Cannot open " + path + ": " + msg, e);
    }
  }

  private static Warehouse openPostgres(Project project, boolean readOnly) {
    io.t4t.core.project.ConnectionConfig cfg = project.connection();
    Dialect dialect = dialect(project);
    String url = "jdbc:postgresql://" + cfg.host() + ":" + cfg.port() + "/" + cfg.database();
    Properties p = new Properties();
    p.setProperty("user", cfg.user());
    String password = System.getenv(cfg.passwordEnv());
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("ApplicationName", "t4t");
    p.setProperty("connectTimeout", "10");
    Connection c;
    try {
      c = DriverManager.getConnection(url, p);
    } catch (SQLException e) {
      String hint =
          "28P01".equals(e.getSQLState()) || "28000".equals(e.getSQLState())
              ? " (the password comes from the environment variable "
                  + cfg.passwordEnv()
                  + (password == null ? ", which is not set" : "")
                  + ")"
              : " (is PostgreSQL running there? host, port, database and user come from"
                  + " [connection] or PGHOST, PGPORT, PGDATABASE, PGUSER)";
      String message =
          "Cannot connect to " + cfg.describe() + ": " + Messages.firstLine(e.getMessage()) + hint;
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")) {
        throw new io.t4t.core.error.UnavailableException(message, e);
      }
      throw new InvalidInputException(message, e);
    }
    try {
      Warehouse w = new Warehouse(c, dialect, catalogName(project));
      if (readOnly) {
        c.setReadOnly(true);
      } else if (!w.schemaExists(cfg.schema())) {
        try {
          w.execute(dialect.createSchemaIfNotExists(cfg.schema()));
        } catch (SQLException e) {
          if (!w.schemaExists(cfg.schema())) { // another session may have created it meanwhile
            throw e;
          }
        }
      }
      w.execute("SET search_path TO " + dialect.quote(cfg.schema()));
      return w;
    } catch (SQLException e) {
      closeQuietly(c);
      throw new InvalidInputException(
          "Cannot prepare " + cfg.describe() + ": " + Messages.firstLine(e.getMessage()), e);
    }
  }

  /**
   * Connects to Trino in autocommit mode (Iceberg takes no multi-statement write transactions). The
   * password comes from {@code password_env} (TRINO_PASSWORD); TLS from TRINO_SSL ({@code true}),
   * TRINO_SSL_TRUSTSTORE_PATH, TRINO_SSL_TRUSTSTORE_PASSWORD and TRINO_SSL_VERIFICATION ({@code
   * FULL}, {@code CA} or {@code NONE}). Trino takes a password only over TLS.
   */
  private static Warehouse openTrino(Project project, boolean readOnly) {
    io.t4t.core.project.ConnectionConfig cfg = project.connection();
    Dialect dialect = dialect(project);
    String url = "jdbc:trino://" + cfg.host() + ":" + cfg.port() + "/" + cfg.catalog();
    Properties p = new Properties();
    p.setProperty("user", cfg.user());
    String password = System.getenv(cfg.passwordEnv());
    if (password != null && !password.isEmpty()) {
      p.setProperty("password", password);
    }
    String[][] tls = {
      {"TRINO_SSL", "SSL"},
      {"TRINO_SSL_TRUSTSTORE_PATH", "SSLTrustStorePath"},
      {"TRINO_SSL_TRUSTSTORE_PASSWORD", "SSLTrustStorePassword"},
      {"TRINO_SSL_VERIFICATION", "SSLVerification"}
    };
    for (String[] setting : tls) {
      String value = System.getenv(setting[0]);
      if (value != null && !value.isEmpty()) {
        p.setProperty(setting[1], value);
      }
    }
    p.setProperty("source", "t4t");
    Connection c;
    Warehouse w;
    try {
      c = DriverManager.getConnection(url, p);
      w = new Warehouse(c, dialect, catalogName(project));
    } catch (SQLException e) {
      throw new InvalidInputException(
          "Cannot connect to "
              + cfg.describe()
              + ": "
              + Messages.firstLine(e.getMessage())
              + (password != null && !p.containsKey("SSL")
                  ? " (a password needs TLS: set TRINO_SSL=true)"
                  : ""),
          e);
    }
    try {
      boolean exists = w.schemaExists(cfg.schema()); // the first round trip: is Trino there?
      if (!exists && !readOnly) {
        w.execute(dialect.createSchemaIfNotExists(cfg.schema()));
      }
      c.setSchema(cfg.schema());
      return w;
    } catch (SQLException e) {
      closeQuietly(c);
      String message =
          "Cannot connect to " + cfg.describe() + ": " + Messages.firstLine(e.getMessage());
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.io.IOException) {
          throw new io.t4t.core.error.UnavailableException(
              message
                  + " (is Trino running there? host and port come from [connection]): "
                  + Messages.firstLine(String.valueOf(t.getMessage())),
              e);
        }
      }
      throw new InvalidInputException(
          message
              + " (check the catalog '"
              + cfg.catalog()
              + "' exists in Trino and the user may create schema '"
              + cfg.schema()
              + "')",
          e);
    }
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the original failure is what matters
    }
  }

  /**
   * Renames table references in model SQL for engines whose name rules differ from DuckDB's: a name
   * qualified by the warehouse's catalog ({@code db.name}, {@code db.schema.name}) means schema
   * {@code main} (DuckDB's default schema) or the named schema, on every engine (on Trino the
   * catalog is the one t4t writes to). Null for DuckDB, which resolves these names itself.
   */
  public static java.util.function.UnaryOperator<List<String>> tableNames(Project project) {
    if (project.connection().type() == io.t4t.core.project.EngineType.DUCKDB) {
      return null;
    }
    String catalog = catalogName(project);
    java.util.Set<String> modelSchemas =
        project.models().keySet().stream()
            .map(ModelName::schema)
            .collect(java.util.stream.Collectors.toSet());
    return parts -> {
      if (parts.size() == 2
          && parts.get(0).equalsIgnoreCase(catalog)
          && !modelSchemas.contains(parts.get(0).toLowerCase(Locale.ROOT))) {
        return List.of("main", parts.get(1));
      }
      if (parts.size() == 3 && parts.get(0).equalsIgnoreCase(catalog)) {
        return List.of(parts.get(1), parts.get(2));
      }
      return parts;
    };
  }

  /**
   * DuckDB's name rules: {@code name} is in the connection's schema; {@code a.name} is schema
   * {@code a}, or, when {@code a} is the database file's name and no model schema is called so,
   * that database's {@code main} schema; {@code db.schema.name} is ours only when {@code db} is.
   */
  public static NameResolver resolver(Project project) {
    return NameResolver.of(tableNameResolver(project), fileReaders());
  }

  private static NameResolver tableNameResolver(Project project) {
    String catalog = catalogName(project);
    String defaultSchema = project.connection().schema();
    java.util.Set<String> modelSchemas =
        project.models().keySet().stream()
            .map(ModelName::schema)
            .collect(java.util.stream.Collectors.toSet());
    return (TableRef ref) -> {
      List<String> p = ref.parts();
      switch (p.size()) {
        case 1:
          return Optional.of(new ModelName(defaultSchema, p.get(0)));
        case 2:
          if (!modelSchemas.contains(p.get(0)) && p.get(0).equals(catalog)) {
            return Optional.of(new ModelName("main", p.get(1)));
          }
          return Optional.of(new ModelName(p.get(0), p.get(1)));
        case 3:
          return p.get(0).equals(catalog)
              ? Optional.of(new ModelName(p.get(1), p.get(2)))
              : Optional.empty();
        default:
          return Optional.empty();
      }
    };
  }
}
