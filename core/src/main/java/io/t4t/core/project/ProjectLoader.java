package io.t4t.core.project;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads and validates a project directory. {@code project.toml} is bound to records ({@link
 * ProjectToml}, and each engine's {@link ConnectionSettings}) with {@link StrictBinding}; the
 * models and seeds are read by {@link ProjectFiles}. Every problem is an {@link
 * InvalidInputException}.
 */
public final class ProjectLoader {
  private ProjectLoader() {}

  /** {@code project.toml}: its components are the keys allowed at the top. */
  record ProjectToml(
      @JsonProperty("project_folder") String projectFolder,
      JsonNode connection,
      Map<String, JsonNode> targets,
      Flags flags,
      @JsonProperty("fan_out") FanOutTable fanOut) {}

  /** {@code [flags]}. */
  record Flags(
      @JsonProperty("materialization_change_behavior") String materializationChangeBehavior,
      @JsonProperty("on_schema_change") String onSchemaChange) {}

  /** {@code [fan_out]}; unset values take the engine's defaults. */
  record FanOutTable(Integer buckets, @JsonProperty("min_rows") Integer minRows) {}

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
    ProjectToml config =
        StrictBinding.bind(readToml(root), ProjectToml.class, ProjectLoader::problem);
    String folder = ConnectionSection.orElse(config.projectFolder(), root.getFileName().toString());
    JsonNode conn = config.connection();
    String where = "project.toml [connection]";
    String prefix = "connection.";
    if (target != null) {
      Map<String, JsonNode> targets = config.targets() == null ? Map.of() : config.targets();
      conn = targets.get(target);
      where = "project.toml [targets." + target + "]";
      prefix = "targets." + target + ".";
      if (conn == null) {
        throw new InvalidInputException(
            "Unknown target '"
                + target
                + "': project.toml has "
                + (targets.isEmpty()
                    ? "no [targets.<name>] tables"
                    : "targets "
                        + List.copyOf(targets.keySet())
                        + " (add [targets."
                        + target
                        + "] or pick one of them)"));
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
    ConnectionFormat format = format(conn, where);
    ConnectionConfig connection =
        format.read(new ConnectionSection(conn, where, prefix, root, folder, env));
    MaterializationChangeBehavior behavior =
        config.flags() == null || config.flags().materializationChangeBehavior() == null
            ? MaterializationChangeBehavior.WARN
            : inProjectToml(
                () ->
                    MaterializationChangeBehavior.fromName(
                        config.flags().materializationChangeBehavior()));
    OnSchemaChange onSchemaChange =
        config.flags() == null || config.flags().onSchemaChange() == null
            ? OnSchemaChange.FAIL
            : inProjectToml(() -> OnSchemaChange.fromName(config.flags().onSchemaChange()));
    Map<ModelName, Model> models = ProjectFiles.models(root);
    List<Seed> seeds = ProjectFiles.seeds(root);
    TestReferences.check(root, models, seeds, connection.schema());
    return new Project(
        root,
        folder,
        connection,
        behavior,
        fanOut(config.fanOut(), format),
        models,
        seeds,
        target,
        onSchemaChange);
  }

  private static JsonNode readToml(Path root) {
    Path toml = root.resolve("project.toml");
    if (!Files.isRegularFile(toml)) {
      throw new InvalidInputException(
          "Cannot find project.toml in "
              + root
              + " (pass the project folder, e.g. examples/t_project)");
    }
    try {
      return new TomlMapper().readTree(Files.readString(toml, StandardCharsets.UTF_8));
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
  }

  /**
   * The engine's format, from {@code type}; a {@code password} key is refused before anything else,
   * saying where the password goes.
   */
  private static ConnectionFormat format(JsonNode conn, String where) {
    JsonNode type = conn.get("type");
    if (type == null || !type.isTextual()) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + (type == null
                  ? ": 'type' is required"
                  : ": 'type' must be a string, not "
                      + type.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    ConnectionFormat format =
        ConnectionFormats.of(inProjectToml(() -> EngineType.fromName(type.asText())));
    if (conn.has("password")) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + ": passwords never live in project files; remove 'password' and put it in the"
              + " environment variable "
              + format.passwordVariable()
              + " (or the one 'password_env' names)");
    }
    return format;
  }

  /** A binding problem of project.toml's top level, [flags] or [fan_out], in t4t's words. */
  private static InvalidInputException problem(StrictBinding.Problem p) {
    if (p.allowed() != null || p.expectedTable() || p.path().size() < 2) {
      return ConnectionSection.problem("project.toml", "", p);
    }
    if (p.path().get(0).equals("fan_out")) {
      return outOfRange(p.key(), p.value(), p.key().equals("buckets") ? FanOut.MAX_BUCKETS : null);
    }
    return ConnectionSection.problem("project.toml [" + p.path().get(0) + "]", "", p);
  }

  private static FanOut fanOut(FanOutTable table, ConnectionFormat format) {
    FanOut defaults = format.defaultFanOut();
    if (table == null) {
      return defaults;
    }
    int buckets = inRange("buckets", table.buckets(), defaults.buckets(), FanOut.MAX_BUCKETS);
    int minRows = inRange("min_rows", table.minRows(), (int) defaults.minRows(), Integer.MAX_VALUE);
    return format.fanOut(new FanOut(buckets, minRows));
  }

  private static int inRange(String key, Integer value, int fallback, int max) {
    if (value == null) {
      return fallback;
    }
    if (value < 1 || value > max) {
      throw outOfRange(key, value, max == Integer.MAX_VALUE ? null : max);
    }
    return value;
  }

  /** {@code max}: null for {@link Integer#MAX_VALUE}. */
  private static InvalidInputException outOfRange(String key, Object value, Integer max) {
    return new InvalidInputException(
        "Invalid project.toml: fan_out."
            + key
            + " = "
            + value
            + " (expected a whole number from 1 to "
            + (max == null ? Integer.MAX_VALUE : max)
            + ")");
  }

  /** Names project.toml in a parse error ("Unknown connection type: ..."). */
  private static <T> T inProjectToml(java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("Invalid project.toml: " + e.getMessage(), e);
    }
  }
}
