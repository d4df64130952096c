package io.t4t.core.engine;

import static io.t4t.core.project.ConnectionSection.orElse;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.t4t.core.dialect.Dialect;
import io.t4t.core.dialect.PostgresDialect;
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
 * PostgreSQL: {@code type = "postgres"}, {@code host}, {@code port}, {@code database}, {@code user}
 * and {@code schema} (default {@code public}); unset settings come from the standard {@code
 * PGHOST}, {@code PGPORT}, {@code PGDATABASE} and {@code PGUSER}; the password from {@code
 * password_env} ({@code PGPASSWORD}) when t4t connects.
 */
public final class PostgresEngine implements EngineProvider {
  @Override
  public EngineType type() {
    return EngineType.POSTGRES;
  }

  /** {@code [connection]} of a PostgreSQL project: its components are the keys allowed. */
  public record Settings(
      String type,
      String host,
      Integer port,
      String database,
      String user,
      String schema,
      @JsonProperty("password_env") String passwordEnv)
      implements ConnectionSettings {}

  @Override
  public String passwordVariable() {
    return "PGPASSWORD";
  }

  @Override
  public ConnectionConfig read(ConnectionSection section) {
    Settings s = section.bind(Settings.class);
    String database = orElse(s.database(), section.env("PGDATABASE", "postgres"));
    if (!Names.isIdentifier(database)) {
      throw new InvalidInputException(
          "Invalid connection.database '" + database + "' (expected a plain identifier)");
    }
    return ConnectionConfig.postgres(
        orElse(s.host(), section.env("PGHOST", "localhost")),
        section.port(s.port(), "PGPORT", "5432"),
        database.toLowerCase(Locale.ROOT),
        orElse(s.user(), section.env("PGUSER", System.getProperty("user.name"))),
        section.schema(s.schema(), "public"),
        orElse(s.passwordEnv(), passwordVariable()));
  }

  /** Buckets are applied in parallel sessions: K = 4. */
  @Override
  public FanOut defaultFanOut() {
    return new FanOut(4, 100_000);
  }

  @Override
  public String describe(ConnectionConfig c) {
    return "postgres://" + c.user() + "@" + c.host() + ":" + c.port() + "/" + c.database();
  }

  @Override
  public Dialect dialect() {
    return new PostgresDialect();
  }

  @Override
  public String catalogName(ConnectionConfig config) {
    return config.database();
  }

  @Override
  public Connection connect(Project project, boolean readOnly) {
    ConnectionConfig cfg = project.connection();
    Dialect dialect = dialect();
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
          "Cannot connect to " + describe(cfg) + ": " + Messages.firstLine(e.getMessage()) + hint;
      Failure failure = classify(e);
      if (failure == Failure.UNAVAILABLE || failure == Failure.OUT_OF_RESOURCES) {
        throw new UnavailableException(message, e);
      }
      throw new InvalidInputException(message, e);
    }
    try {
      if (readOnly) {
        c.setReadOnly(true);
      } else if (!Jdbc.schemaExists(c, dialect, cfg.schema())) {
        try {
          Jdbc.execute(c, dialect.createSchemaIfNotExists(cfg.schema()));
        } catch (SQLException e) {
          if (!Jdbc.schemaExists(c, dialect, cfg.schema())) { // another session may have made it
            throw e;
          }
        }
      }
      Jdbc.execute(c, "SET search_path TO " + dialect.quote(cfg.schema()));
      return c;
    } catch (SQLException e) {
      Jdbc.closeQuietly(c);
      throw new InvalidInputException(
          "Cannot prepare " + describe(cfg) + ": " + Messages.firstLine(e.getMessage()), e);
    }
  }

  /**
   * SQLSTATE class 57P (operator intervention: admin_shutdown 57P01, crash_shutdown 57P02,
   * cannot_connect_now 57P03) means the server is going away or not up yet; class 53 (insufficient
   * resources, e.g. too_many_connections 53300) that it cannot take us now
   * (https://www.postgresql.org/docs/current/errcodes-appendix.html).
   */
  @Override
  public Failure classify(Exception e) {
    if (e instanceof SQLException s && s.getSQLState() != null) {
      if (s.getSQLState().startsWith("57P")) {
        return Failure.UNAVAILABLE;
      }
      if (s.getSQLState().startsWith("53")) {
        return Failure.OUT_OF_RESOURCES;
      }
    }
    return EngineProvider.super.classify(e);
  }
}
