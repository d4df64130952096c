package io.t4t.core.engine;

import static io.t4t.core.project.ConnectionSection.orElse;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.TrinoDialect;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import io.t4t.core.error.UnavailableException;
import io.t4t.core.project.ConnectionConfig;
import io.t4t.core.project.ConnectionSection;
import io.t4t.core.project.ConnectionSettings;
import io.t4t.core.project.EngineType;
import io.t4t.core.project.FanOut;
import io.t4t.core.project.Names;
import io.t4t.core.project.Project;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Properties;

/**
 * Trino: {@code type = "trino"}, {@code host} (TRINO_HOST, else localhost), {@code port}
 * (TRINO_PORT, else 8080), {@code catalog} (required: the catalog models are written to, Iceberg in
 * the reference setup), {@code user} and {@code schema}; the password comes from {@code
 * password_env} (TRINO_PASSWORD), TLS from TRINO_SSL and friends, when t4t connects.
 */
public final class TrinoEngine implements EngineProvider {
  private static final String[][] TLS = {
    {"TRINO_SSL", "SSL"},
    {"TRINO_SSL_TRUSTSTORE_PATH", "SSLTrustStorePath"},
    {"TRINO_SSL_TRUSTSTORE_PASSWORD", "SSLTrustStorePassword"},
    {"TRINO_SSL_VERIFICATION", "SSLVerification"}
  };

  @Override
  public EngineType type() {
    return EngineType.TRINO;
  }

  /** {@code [connection]} of a Trino project: its components are the keys allowed. */
  public record Settings(
      String type,
      String host,
      Integer port,
      String catalog,
      String user,
      String schema,
      @JsonProperty("password_env") String passwordEnv)
      implements ConnectionSettings {}

  @Override
  public String passwordVariable() {
    return "TRINO_PASSWORD";
  }

  @Override
  public ConnectionConfig read(ConnectionSection section) {
    Settings s = section.bind(Settings.class);
    String catalog = s.catalog();
    if (catalog == null || !Names.isIdentifier(catalog)) {
      throw new InvalidInputException(
          "Invalid "
              + section.where()
              + ": "
              + (catalog == null ? "'catalog' is required" : "catalog '" + catalog + "'")
              + " (the Trino catalog models are written to, a plain identifier, e.g. catalog ="
              + " \"iceberg\")");
    }
    return ConnectionConfig.trino(
        orElse(s.host(), section.env("TRINO_HOST", "localhost")),
        section.port(s.port(), "TRINO_PORT", "8080"),
        catalog.toLowerCase(Locale.ROOT),
        orElse(s.user(), System.getProperty("user.name")),
        section.schema(s.schema(), "public"),
        orElse(s.passwordEnv(), passwordVariable()));
  }

  /** Trino's MERGE already spreads the rows over its writers inside the engine: K = 1. */
  @Override
  public FanOut defaultFanOut() {
    return new FanOut(1, 100_000);
  }

  /**
   * Always one bucket: a model run on Trino is one merge sink. A project shared by several targets
   * keeps its {@code [fan_out]} for the engines that use it, so a wider one only warns.
   */
  @Override
  public FanOut fanOut(FanOut configured) {
    if (configured.buckets() <= 1) {
      return configured;
    }
    java.util.logging.Logger.getLogger("tee.project")
        .warning(
            "fan_out.buckets = "
                + configured.buckets()
                + " does not apply on Trino: a model run there is one merge sink, because"
                + " Trino's MERGE already spreads rows over its writers inside the engine"
                + " (docs/fan-out.md)");
    return new FanOut(1, configured.minRows());
  }

  @Override
  public String describe(ConnectionConfig c) {
    return "trino://"
        + c.user()
        + "@"
        + c.host()
        + ":"
        + c.port()
        + "/"
        + c.database()
        + "/"
        + c.schema();
  }

  @Override
  public Dialect dialect() {
    return new TrinoDialect();
  }

  @Override
  public String catalogName(ConnectionConfig config) {
    return config.catalog();
  }

  /**
   * Connects in autocommit mode (Iceberg takes no multi-statement write transactions). The password
   * comes from {@code password_env}; TLS from TRINO_SSL ({@code true}), TRINO_SSL_TRUSTSTORE_PATH,
   * TRINO_SSL_TRUSTSTORE_PASSWORD and TRINO_SSL_VERIFICATION ({@code FULL}, {@code CA} or {@code
   * NONE}). Trino takes a password only over TLS.
   */
  @Override
  public Connection connect(Project project, boolean readOnly) {
    ConnectionConfig cfg = project.connection();
    Dialect dialect = dialect();
    String url = "jdbc:trino://" + cfg.host() + ":" + cfg.port() + "/" + cfg.catalog();
    Properties p = new Properties();
    p.setProperty("user", cfg.user());
    String password = System.getenv(cfg.passwordEnv());
    if (password != null && !password.isEmpty()) {
      p.setProperty("password", password);
    }
    for (String[] setting : TLS) {
      String value = System.getenv(setting[0]);
      if (value != null && !value.isEmpty()) {
        p.setProperty(setting[1], value);
      }
    }
    p.setProperty("source", "t4t");
    Connection c;
    try {
      c = DriverManager.getConnection(url, p);
    } catch (SQLException e) {
      throw new InvalidInputException(
          "Cannot connect to "
              + describe(cfg)
              + ": "
              + Messages.firstLine(e.getMessage())
              + (password != null && !p.containsKey("SSL")
                  ? " (a password needs TLS: set TRINO_SSL=true)"
                  : ""),
          e);
    }
    try {
      boolean exists = Jdbc.schemaExists(c, dialect, cfg.schema()); // the first round trip
      if (!exists && !readOnly) {
        Jdbc.execute(c, dialect.createSchemaIfNotExists(cfg.schema()));
      }
      c.setSchema(cfg.schema());
      return c;
    } catch (SQLException e) {
      Jdbc.closeQuietly(c);
      String message =
          "Cannot connect to " + describe(cfg) + ": " + Messages.firstLine(e.getMessage());
      Throwable io = ioCause(e);
      if (io != null) {
        throw new UnavailableException(
            message
                + " (is Trino running there? host and port come from [connection]): "
                + Messages.firstLine(String.valueOf(io.getMessage())),
            e);
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

  /**
   * The Trino driver opens no socket until the first query and then reports an unreachable server
   * as an SQLException caused by an IOException, without SQLSTATE.
   */
  private static Throwable ioCause(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        return t;
      }
    }
    return null;
  }
}
