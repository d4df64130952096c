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
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Reads and validates a project directory. Every problem is an {@link InvalidInputException}. */
public final class ProjectLoader {
  private static final Set<String> TOP_KEYS = Set.of("project_folder", "connection", "flags");
  private static final Set<String> CONNECTION_KEYS = Set.of("type", "path", "schema");
  private static final Set<String> FLAG_KEYS = Set.of("materialization_change_behavior");

  private ProjectLoader() {}

  /** Loads the project in {@code dir} (the folder holding {@code project.toml}). */
  public static Project load(Path dir) {
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
    if (conn == null || !conn.isObject()) {
      throw new InvalidInputException(
          "Invalid project.toml: a [connection] table is required (type = \"duckdb\", path, schema)");
    }
    checkKeys(conn, CONNECTION_KEYS, "project.toml", "connection.");
    EngineType type;
    try {
      type = EngineType.fromName(text(conn, "type", "project.toml [connection]", null));
    } catch (InvalidInputException e) {
      throw new InvalidInputException("Invalid project.toml: " + e.getMessage(), e);
    }
    String path = text(conn, "path", "project.toml [connection]", null);
    String schema = text(conn, "schema", "project.toml [connection]", "main");
    if (!Names.isIdentifier(schema)) {
      throw new InvalidInputException(
          "Invalid connection.schema '"
              + schema
              + "' in project.toml (expected a plain identifier)");
    }
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
    ConnectionConfig connection =
        new ConnectionConfig(type, resolveDataPath(root, folder, path), schema.toLowerCase());
    return new Project(root, folder, connection, behavior, models(root), seeds(root));
  }

  /**
   * Resolves the database path. The seed writes it relative to the folder above the project ({@code
   * t_project/data/t_project.duckdb} with {@code project_folder = "t_project"}); t4t strips that
   * leading project folder and resolves the rest against the project directory, so the file works
   * from any working directory and in a renamed copy of the project.
   */
  static Path resolveDataPath(Path root, String folder, String path) {
    if (path == null || path.isBlank()) {
      throw new InvalidInputException(
          "Invalid project.toml: connection.path is required (e.g. \"data/warehouse.duckdb\")");
    }
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return p.normalize();
    }
    if (p.getNameCount() > 1 && p.getName(0).toString().equals(folder)) {
      p = p.subpath(1, p.getNameCount());
    }
    Path resolved = root.resolve(p).normalize();
    return resolved;
  }

  private static Map<ModelName, Model> models(Path root) {
    Path modelsDir = root.resolve("models");
    if (!Files.isDirectory(modelsDir)) {
      throw new InvalidInputException(
          "Cannot find models/ in " + root + " (models live in models/<schema>/<name>.sql)");
    }
    Map<ModelName, Model> models = new TreeMap<>();
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
        String sql = read(file);
        Path py = file.resolveSibling(name + ".py");
        ModelConfig config =
            Files.exists(py)
                ? MetadataReader.read(root.relativize(py).toString(), read(py))
                : MetadataReader.defaults();
        String pyName = root.relativize(py).toString();
        config
            .incremental()
            .flatMap(IncrementalConfig::whereCondition)
            .ifPresent(w -> ModelSql.conditionVariables(pyName, w));
        models.put(modelName, new Model(modelName, file, ModelSql.parse(relFile, sql), config));
      }
    }
    if (models.isEmpty()) {
      throw new InvalidInputException(
          "Invalid project " + root + ": models/ holds no models/<schema>/<name>.sql file");
    }
    return models;
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
        seeds.add(new Seed(schema.toLowerCase(), table.toLowerCase(), file));
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
    JsonNode v = node.get(key);
    if (v == null) {
      if (fallback == null) {
        throw new InvalidInputException("Invalid " + where + ": '" + key + "' is required");
      }
      return fallback;
    }
    if (!v.isTextual()) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + ": '"
              + key
              + "' must be a string, not "
              + v.getNodeType().name().toLowerCase());
    }
    return v.asText();
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
