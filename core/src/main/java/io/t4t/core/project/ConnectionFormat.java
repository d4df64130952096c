package io.t4t.core.project;

/**
 * How one engine's {@code [connection]} (or {@code [targets.<name>]}) table of {@code project.toml}
 * is read: the part of an engine provider ({@code io.t4t.core.engine.EngineProvider}) that project
 * loading needs. Implementations are found with {@link java.util.ServiceLoader} (see {@link
 * ConnectionFormats}) because providers live above this package: they also open connections and
 * name a dialect, and the dialects depend on this package.
 */
public interface ConnectionFormat {
  /** The engine, as {@code type = "..."} names it. */
  EngineType type();

  /** The environment variable the password comes from unless {@code password_env} names one. */
  String passwordVariable();

  /**
   * Reads and validates the table, binding it with {@link ConnectionSection#bind} to the engine's
   * {@link ConnectionSettings} record (whose components are the keys the table allows). Throws
   * {@link io.t4t.core.error.InvalidInputException} naming the file, key and what to write.
   */
  ConnectionConfig read(ConnectionSection section);

  /** The {@code [fan_out]} used when the project sets none. */
  FanOut defaultFanOut();

  /**
   * The {@code [fan_out]} the engine applies for {@code configured}: the engine may lower what it
   * cannot use (warning that it does).
   */
  default FanOut fanOut(FanOut configured) {
    return configured;
  }

  /** Where t4t connects, for messages: a file or an URL-like {@code engine://user@host:port/db}. */
  String describe(ConnectionConfig config);
}
