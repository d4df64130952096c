package io.t4t.core.project;

import com.fasterxml.jackson.databind.JsonNode;
import io.t4t.core.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One engine's connection table as a {@link ConnectionFormat} reads it: typed getters whose errors
 * name the table ({@code where}, e.g. {@code project.toml [targets.pg]}), plus the project folder
 * and the environment that supplies defaults.
 */
public final class ConnectionSection {
  private final JsonNode node;
  private final String where;
  private final Path root;
  private final String folder;
  private final Map<String, String> env;

  ConnectionSection(
      JsonNode node, String where, Path root, String folder, Map<String, String> env) {
    this.node = node;
    this.where = where;
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

  public boolean has(String key) {
    return node.has(key);
  }

  /** The string {@code key}; {@code fallback} when absent (null: the key is required). */
  public String text(String key, String fallback) {
    return text(node, key, where, fallback);
  }

  /**
   * {@code port}, a number from 1 to 65535; {@code fallback} (the value of the environment variable
   * {@code envName} or the engine's default) when absent.
   */
  public int port(String fallback, String envName) {
    String portText = fallback;
    JsonNode p = node.get("port");
    if (p != null) {
      if (!p.canConvertToInt() || !p.isIntegralNumber()) {
        throw new InvalidInputException(
            "Invalid " + where + ": 'port' must be a number, e.g. port = " + fallback);
      }
      portText = p.asText();
    }
    int port;
    try {
      port = Integer.parseInt(portText);
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "Invalid " + envName + " '" + portText + "': expected a number", e);
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
          "Invalid project.toml: connection.path is required (e.g. \"data/warehouse.duckdb\")");
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

  static String text(JsonNode node, String key, String where, String fallback) {
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
              + v.getNodeType().name().toLowerCase(Locale.ROOT));
    }
    return v.asText();
  }
}
