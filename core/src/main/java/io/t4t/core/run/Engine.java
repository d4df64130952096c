package io.t4t.core.run;

import io.t4t.core.dag.NameResolver;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.engine.EngineProvider;
import io.t4t.core.engine.EngineProviders;
import io.t4t.core.execute.Warehouse;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.sql.TableRef;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Opens a project's warehouse and knows how its engine resolves table names: a facade over the
 * project's {@link EngineProvider}, which holds everything engine-specific.
 */
public final class Engine {
  private Engine() {}

  public static Dialect dialect(Project project) {
    return EngineProviders.of(project).dialect();
  }

  /**
   * The table functions that read files on any engine t4t knows (DuckDB's {@code read_csv} and
   * friends): a model calling one reads files whatever the target, so the DAG names its file
   * sources, and an engine that cannot read files refuses the model by name rather than failing on
   * an unknown function.
   */
  public static java.util.Set<String> fileReaders() {
    java.util.Set<String> readers = new java.util.TreeSet<>();
    for (io.t4t.core.engine.EngineProvider provider : EngineProviders.all()) {
      readers.addAll(provider.dialect().fileReaders());
    }
    return java.util.Collections.unmodifiableSet(readers);
  }

  /**
   * The catalog name model SQL can use for the warehouse: the DuckDB file's stem, the PostgreSQL
   * database, or the Trino catalog.
   */
  public static String catalogName(Project project) {
    return EngineProviders.of(project).catalogName(project.connection());
  }

  /**
   * True when one process at a time holds the project's warehouse (a DuckDB file), so nothing else
   * changes it meanwhile; callers use this instead of naming the engine.
   */
  public static boolean heldByOneProcess(Project project) {
    return EngineProviders.of(project).heldByOneProcess();
  }

  /**
   * Opens the warehouse. Read-only opens never create files; a missing database then reads as
   * empty.
   */
  public static Warehouse open(Project project, boolean readOnly) {
    EngineProvider provider = EngineProviders.of(project);
    return new Warehouse(
        provider.connect(project, readOnly),
        provider.dialect(),
        provider.catalogName(project.connection()));
  }

  /**
   * Renames table references in model SQL for engines whose name rules differ from DuckDB's: a name
   * qualified by the warehouse's catalog ({@code db.name}, {@code db.schema.name}) means schema
   * {@code main} (DuckDB's default schema) or the named schema, on every engine (on Trino the
   * catalog is the one t4t writes to). Null for DuckDB, which resolves these names itself.
   */
  public static java.util.function.UnaryOperator<List<String>> tableNames(Project project) {
    if (EngineProviders.of(project).resolvesCatalogNames()) {
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
