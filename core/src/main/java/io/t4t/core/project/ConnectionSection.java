package io.t4t.core.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.t4t.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * One engine's connection table as its {@link ConnectionFormat} reads it: binds the table to the
 * engine's {@link ConnectionSettings} record, with errors naming the table ({@code where}, e.g.
 * {@code project.toml [targets.pg]}), and offers the project folder and the environment that supply
 * defaults.
 */
public final class ConnectionSection {
  private final JsonNode node;
  private final String where;
  private final String prefix;
  private final Path root;
  private final String folder;
  private final Map<String, String> env;

  ConnectionSection(
      JsonNode node,
      String where,
      String prefix,
      Path root,
      String folder,
      Map<String, String> env) {
    this.node = node;
    this.where = where;
    this.prefix = prefix;
    this.root = root;
    this.folder = folder;
    this.env = env;
  }

  /** The table, for messages: {@code project.toml [connection]} or {@code [targets.<name>]}. */
  public String where() {
    return where;
  }

  /** The environment variable {@code name}, or {@code fallback} when it is unset. */
  public String env(String name, String fallback) {
    return env.getOrDefault(name, fallback);
  }

  /** The table bound to the engine's settings record: unknown keys and wrong types are errors. */
  public <S extends ConnectionSettings> S bind(Class<S> settings) {
    return StrictBinding.bind(node, settings, p -> problem(where, prefix, p));
  }

  /** {@code value}, or {@code fallback} when it is null. */
  public static String orElse(String value, String fallback) {
    return value != null ? value : fallback;
  }

  /** The schema, {@code fallback} when unset, checked to be a plain identifier, lower-cased. */
  public String schema(String value, String fallback) {
    String schema = orElse(value, fallback);
    if (!Names.isIdentifier(schema)) {
      throw new InvalidInputException(
          "Invalid connection.schema '"
              + schema
              + "' in project.toml (expected a plain identifier)");
    }
    return schema.toLowerCase(Locale.ROOT);
  }

  /**
   * {@code port} from 1 to 65535; when null, the environment variable {@code envName} or else
   * {@code fallback}.
   */
  public int port(Integer value, String envName, String fallback) {
    int port;
    if (value != null) {
      port = value;
    } else {
      String text = env(envName, fallback);
      try {
        port = Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            "Invalid " + envName + " '" + text + "': expected a number", e);
      }
    }
    if (port < 1 || port > 65535) {
      throw new InvalidInputException("Invalid " + where + ": port " + port + " is out of range");
    }
    return port;
  }

  /**
   * Resolves a database file's path. The seed writes it relative to the folder above the project
   * ({@code t_project/data/t_project.duckdb} with {@code project_folder = "t_project"}); t4t strips
   * that leading project folder and resolves the rest against the project directory, so the file
   * works from any working directory and in a renamed copy of the project.
   */
  public Path dataPath(String path) {
    if (path == null || path.isBlank()) {
      throw new InvalidInputException(
          "Invalid " + where + ": 'path' is required (e.g. path = \"data/warehouse.duckdb\")");
    }
    Path p = Path.of(path);
    if (p.isAbsolute()) {
      return p.normalize();
    }
    if (p.getNameCount() > 1 && p.getName(0).toString().equals(folder)) {
      p = p.subpath(1, p.getNameCount());
    }
    return root.resolve(p).normalize();
  }

  /**
   * A binding problem in {@code project.toml}, worded for its users: an unknown key with the keys
   * allowed, a value that is no table where one is expected, or a value of the wrong type.
   */
  static InvalidInputException problem(String where, String prefix, StrictBinding.Problem p) {
    if (p.allowed() != null) {
      return new InvalidInputException(
          "Invalid project.toml: unknown key '"
              + prefix
              + p.dotted()
              + "' (allowed: "
              + String.join(", ", new TreeSet<>(p.allowed()))
              + ")");
    }
    if (p.expectedTable()) {
      return new InvalidInputException(
          "Invalid project.toml: [" + prefix + p.dotted() + "] must be a table");
    }
    return new InvalidInputException(
        "Invalid "
            + where
            + ": '"
            + p.key()
            + "' must be "
            + (p.expectedWholeNumber() ? "a whole number" : "a string")
            + ", not "
            + (p.value() == null ? "missing" : describe(p))
            + (p.key().equals("port") ? " (e.g. port = 5432)" : ""));
  }

  /** A TOML value's kind, or the value itself for a whole number that is out of range. */
  private static String describe(StrictBinding.Problem p) {
    return p.expectedWholeNumber() && p.value().isIntegralNumber()
        ? String.valueOf(p.value())
        : p.value().getNodeType().name().toLowerCase(Locale.ROOT);
  }
}
