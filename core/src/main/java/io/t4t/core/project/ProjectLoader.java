package io.t4t.core.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import io.t4t.core.sql.ModelSql;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads and validates a project directory. Every problem is an {@link InvalidInputException}. */
public final class ProjectLoader {
  private static final Set<String> TOP_KEYS =
      Set.of("project_folder", "connection", "targets", "flags", "fan_out");
  private static final Set<String> FAN_OUT_KEYS = Set.of("buckets", "min_rows");
  private static final Set<String> FLAG_KEYS = Set.of("materialization_change_behavior");

  private ProjectLoader() {}

  /** Loads the project in {@code dir} (the folder holding {@code project.toml}). */
  public static Project load(Path dir) {
    return load(dir, null);
  }

  /**
   * Loads the project with the connection of {@code [targets.<target>]} instead of {@code
   * [connection]} (null: {@code [connection]}). Unset PostgreSQL settings come from the standard
   * {@code PGHOST}, {@code PGPORT}, {@code PGDATABASE} and {@code PGUSER} variables.
   */
  public static Project load(Path dir, String target) {
    return load(dir, target, System.getenv());
  }

  /** As {@link #load(Path, String)}, reading defaults from {@code env}. */
  public static Project load(Path dir, String target, Map<String, String> env) {
    Path root = dir.toAbsolutePath().normalize();
    Path toml = root.resolve("project.toml");
    if (!Files.isRegularFile(toml)) {
      throw new InvalidInputException(
          "Cannot find project.toml in "
              + root
              + " (pass the project folder, e.g. examples/t_project)");
    }
    JsonNode config;
    try {
      config = new TomlMapper().readTree(Files.readString(toml, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      var at = e.getLocation();
      throw new InvalidInputException(
          "Invalid project.toml in "
              + root
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + Messages.firstLine(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + toml + ": " + e.getMessage(), e);
    }
    checkKeys(config, TOP_KEYS, "project.toml", "");
    String folder = text(config, "project_folder", "project.toml", root.getFileName().toString());
    JsonNode conn = config.get("connection");
    String where = "project.toml [connection]";
    if (target != null) {
      JsonNode targets = config.get("targets");
      conn = targets == null ? null : targets.get(target);
      where = "project.toml [targets." + target + "]";
      if (conn == null) {
        java.util.List<String> known = new ArrayList<>();
        if (targets != null) {
          targets.fieldNames().forEachRemaining(known::add);
        }
        throw new InvalidInputException(
            "Unknown target '"
                + target
                + "': project.toml has "
                + (known.isEmpty()
                    ? "no [targets.<name>] tables"
                    : "targets " + known + " (add [targets." + target + "] or pick one of them)"));
      }
    }
    if (conn == null || !conn.isObject()) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + ": a table is required (type = \"duckdb\", path, schema; type = \"postgres\","
              + " host, port, database, user, schema; or type = \"trino\", host, port, catalog,"
              + " user, schema)");
    }
    ConnectionConfig connection = connection(root, folder, conn, where, env);
    FanOut fanOut = fanOut(config.get("fan_out"), connection.type());
    MaterializationChangeBehavior behavior = MaterializationChangeBehavior.WARN;
    JsonNode flags = config.get("flags");
    if (flags != null) {
      if (!flags.isObject()) {
        throw new InvalidInputException("Invalid project.toml: [flags] must be a table");
      }
      checkKeys(flags, FLAG_KEYS, "project.toml", "flags.");
      String b = text(flags, "materialization_change_behavior", "project.toml [flags]", "warn");
      try {
        behavior = MaterializationChangeBehavior.fromName(b);
      } catch (InvalidInputException e) {
        throw new InvalidInputException("Invalid project.toml: " + e.getMessage(), e);
      }
    }
    return new Project(
        root, folder, connection, behavior, fanOut, models(root), seeds(root), target);
  }

  private static ConnectionConfig connection(
      Path root, String folder, JsonNode conn, String where, Map<String, String> env) {
    EngineType type;
    try {
      type = EngineType.fromName(text(conn, "type", where, null));
    } catch (InvalidInputException e) {
      throw new InvalidInputException("Invalid project.toml: " + e.getMessage(), e);
    }
    ConnectionFormat format = ConnectionFormats.of(type);
    if (conn.has("password")) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + ": passwords never live in project files; remove 'password' and put it in the"
              + " environment variable "
              + format.passwordVariable()
              + " (or the one 'password_env' names)");
    }
    checkKeys(
        conn,
        format.keys(),
        "project.toml",
        where.endsWith("[connection]")
            ? "connection."
            : where.substring(where.indexOf('[') + 1, where.length() - 1) + ".");
    String schema = text(conn, "schema", where, format.defaultSchema());
    if (!Names.isIdentifier(schema)) {
      throw new InvalidInputException(
          "Invalid connection.schema '"
              + schema
              + "' in project.toml (expected a plain identifier)");
    }
    return format.read(
        new ConnectionSection(conn, where, root, folder, env), schema.toLowerCase(Locale.ROOT));
  }

  private static FanOut fanOut(JsonNode node, EngineType type) {
    ConnectionFormat format = ConnectionFormats.of(type);
    FanOut defaults = format.defaultFanOut();
    if (node == null) {
      return defaults;
    }
    if (!node.isObject()) {
      throw new InvalidInputException("Invalid project.toml: [fan_out] must be a table");
    }
    checkKeys(node, FAN_OUT_KEYS, "project.toml", "fan_out.");
    int buckets = intValue(node, "buckets", defaults.buckets(), 1, FanOut.MAX_BUCKETS);
    long minRows = intValue(node, "min_rows", (int) defaults.minRows(), 1, Integer.MAX_VALUE);
    return format.fanOut(new FanOut(buckets, minRows));
  }

  private static int intValue(JsonNode node, String key, int fallback, int min, int max) {
    JsonNode v = node.get(key);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
      throw new InvalidInputException(
          "Invalid project.toml: fan_out."
              + key
              + " = "
              + v
              + " (expected a whole number from "
              + min
              + " to "
              + max
              + ")");
    }
    return v.asInt();
  }

  private static Map<ModelName, Model> models(Path root) {
    Path modelsDir = root.resolve("models");
    if (!Files.isDirectory(modelsDir)) {
      throw new InvalidInputException(
          "Cannot find models/ in " + root + " (models live in models/<schema>/<name>.sql)");
    }
    Map<ModelName, Model> models = new TreeMap<>();
    List<ModelFile> files = new ArrayList<>();
    for (Path schemaDir : list(modelsDir)) {
      String rel = root.relativize(schemaDir).toString();
      if (!Files.isDirectory(schemaDir)) {
        if (schemaDir.getFileName().toString().endsWith(".sql")) {
          throw new InvalidInputException(
              "Invalid model file " + rel + ": models live in models/<schema>/<name>.sql");
        }
        continue;
      }
      String schema = schemaDir.getFileName().toString();
      if (!Names.isIdentifier(schema)) {
        throw new InvalidInputException(
            "Invalid schema folder "
                + rel
                + ": schema names are letters, digits and underscores, not starting with a digit");
      }
      for (Path file : list(schemaDir)) {
        String fileName = file.getFileName().toString();
        String relFile = root.relativize(file).toString();
        if (Files.isDirectory(file)) {
          throw new InvalidInputException(
              "Invalid folder " + relFile + ": models live directly in models/<schema>/");
        }
        if (fileName.endsWith(".py")) {
          Path sql = file.resolveSibling(fileName.substring(0, fileName.length() - 3) + ".sql");
          if (!Files.exists(sql)) {
            throw new InvalidInputException(
                "Invalid model metadata "
                    + relFile
                    + ": there is no "
                    + root.relativize(sql)
                    + " beside it");
          }
          continue;
        }
        if (!fileName.endsWith(".sql")) {
          continue;
        }
        String name = fileName.substring(0, fileName.length() - 4);
        if (!Names.isIdentifier(name)) {
          throw new InvalidInputException(
              "Invalid model file name "
                  + relFile
                  + ": model names are letters, digits and underscores, not starting with a digit");
        }
        ModelName modelName = new ModelName(schema, name);
        if (models.containsKey(modelName)) {
          throw new InvalidInputException(
              "Invalid project: two files define model " + modelName + " (names ignore case)");
        }
        models.put(modelName, null);
        files.add(new ModelFile(modelName, file, relFile, name));
      }
    }
    if (models.isEmpty()) {
      throw new InvalidInputException(
          "Invalid project " + root + ": models/ holds no models/<schema>/<name>.sql file");
    }
    // reading and parsing are independent per model: on every core, the first error in file order
    List<Object> loaded = files.parallelStream().map(f -> loadOrError(root, f)).toList();
    for (Object o : loaded) {
      if (o instanceof RuntimeException e) {
        throw e;
      }
      Model model = (Model) o;
      models.put(model.name(), model);
    }
    return models;
  }

  /**
   * A model's .sql file, named and checked, to be read and parsed; {@code stem} is the file name as
   * written (its .py sibling is spelled the same), the model's name is lower-case.
   */
  private record ModelFile(ModelName name, Path file, String relFile, String stem) {}

  /** The model, or the error that stops loading it. */
  private static Object loadOrError(Path root, ModelFile f) {
    try {
      String sql = read(f.file());
      Path py = f.file().resolveSibling(f.stem() + ".py");
      ModelConfig config =
          Files.exists(py)
              ? MetadataReader.read(root.relativize(py).toString(), read(py))
              : MetadataReader.defaults();
      String pyName = root.relativize(py).toString();
      config
          .incremental()
          .flatMap(IncrementalConfig::whereCondition)
          .ifPresent(w -> ModelSql.conditionVariables(pyName, w));
      return new Model(f.name(), f.file(), ModelSql.parse(f.relFile(), sql), config);
    } catch (RuntimeException e) {
      return e;
    }
  }

  private static List<Seed> seeds(Path root) {
    Path seedsDir = root.resolve("seeds");
    List<Seed> seeds = new ArrayList<>();
    if (!Files.isDirectory(seedsDir)) {
      return seeds;
    }
    for (Path schemaDir : list(seedsDir)) {
      if (!Files.isDirectory(schemaDir)) {
        continue;
      }
      String schema = schemaDir.getFileName().toString();
      for (Path file : list(schemaDir)) {
        String fileName = file.getFileName().toString();
        if (!fileName.endsWith(".csv")) {
          continue;
        }
        String table = fileName.substring(0, fileName.length() - 4);
        if (!Names.isIdentifier(schema) || !Names.isIdentifier(table)) {
          throw new InvalidInputException(
              "Invalid seed file "
                  + root.relativize(file)
                  + ": expected seeds/<schema>/<table>.csv with plain identifiers");
        }
        seeds.add(new Seed(schema.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT), file));
      }
    }
    return seeds;
  }

  private static void checkKeys(JsonNode node, Set<String> allowed, String file, String prefix) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String key = names.next();
      if (!allowed.contains(key)) {
        throw new InvalidInputException(
            "Invalid "
                + file
                + ": unknown key '"
                + prefix
                + key
                + "' (allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + ")");
      }
    }
  }

  private static String text(JsonNode node, String key, String where, String fallback) {
    return ConnectionSection.text(node, key, where, fallback);
  }

  private static List<Path> list(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> !p.getFileName().toString().startsWith("."))
          .filter(p -> !p.getFileName().toString().equals("__pycache__"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("Cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
