package io.t4t.core.run;

import io.t4t.core.dag.NameResolver;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.DuckDbDialect;
import io.t4t.core.error.InvalidInputException;
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
    return switch (project.connection().type()) {
      case DUCKDB -> new DuckDbDialect();
    };
  }

  /** The catalog name model SQL can use for the warehouse: the DuckDB file's stem. */
  public static String catalogName(Project project) {
    String file = project.connection().path().getFileName().toString();
    int dot = file.indexOf('.');
    return (dot > 0 ? file.substring(0, dot) : file).toLowerCase(Locale.ROOT);
  }

  /**
   * Opens the warehouse. Read-only opens never create files; a missing database then reads as
   * empty.
   */
  public static Warehouse open(Project project, boolean readOnly) {
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
        throw new InvalidInputException(
            "Cannot open " + path + ": another process holds it (is `t4t serve` running?): " + msg,
            e);
      }
      throw new InvalidInputException("Cannot open " + path + ": " + msg, e);
    }
  }

  /**
   * DuckDB's name rules: {@code name} is in the connection's schema; {@code a.name} is schema
   * {@code a}, or, when {@code a} is the database file's name and no model schema is called so,
   * that database's {@code main} schema; {@code db.schema.name} is ours only when {@code db} is.
   */
  public static NameResolver resolver(Project project) {
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
