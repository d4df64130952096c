package io.t4t.core.engine;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.project.ConnectionConfig;
import io.t4t.core.project.ConnectionFormat;
import io.t4t.core.project.Project;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

/**
 * Everything t4t knows about one engine, in one class (like a Trino connector): how its connection
 * table is read ({@link ConnectionFormat}), its {@link Dialect}, how a JDBC connection is opened
 * and prepared, how its errors are classified, and its health check. Adding an engine adds a
 * provider and a dialect, lists the provider in {@code
 * META-INF/services/io.t4t.core.project.ConnectionFormat}, and touches no strategy and no switch.
 */
public interface EngineProvider extends ConnectionFormat {
  /** A new dialect for the engine. */
  Dialect dialect();

  /** The catalog name model SQL can qualify the warehouse's tables with. */
  String catalogName(ConnectionConfig config);

  /**
   * True when the engine itself resolves names qualified by the warehouse's catalog ({@code
   * db.name}); otherwise t4t rewrites them before sending model SQL.
   */
  default boolean resolvesCatalogNames() {
    return false;
  }

  /**
   * True when one process at a time holds the warehouse (a DuckDB file): nothing else can change it
   * while t4t has it open, and another t4t process finds it locked.
   */
  default boolean heldByOneProcess() {
    return false;
  }

  /**
   * Opens a connection to the project's warehouse in the project's schema. Read-only opens never
   * create anything. Throws {@link io.t4t.core.error.UnavailableException} when the engine cannot
   * be reached or the file is held, {@link io.t4t.core.error.InvalidInputException} otherwise.
   */
  Connection connect(Project project, boolean readOnly);

  /** What {@code e}, thrown by this engine or its driver, reports. */
  default Failure classify(Exception e) {
    return standard(dialect(), e);
  }

  /** Whether t4t can work with the project's warehouse now, answering within {@code timeout}. */
  default Health health(Project project, Duration timeout) {
    try (Connection c = connect(project, true)) {
      try {
        c.setNetworkTimeout(Runnable::run, (int) timeout.toMillis());
      } catch (java.sql.SQLFeatureNotSupportedException unbounded) {
        // the driver keeps its own timeouts
      }
      try (var s = c.createStatement()) {
        s.execute("SELECT 1");
      }
      return Health.up(java.util.Map.of());
    } catch (Exception e) {
      return Health.down(String.valueOf(e.getMessage()), java.util.Map.of());
    }
  }

  /**
   * The classification every engine shares: the dialect's write conflicts, and SQLSTATE class 08
   * (connection exception, SQL standard) as unavailable.
   */
  static Failure standard(Dialect dialect, Exception e) {
    if (e instanceof SQLException s) {
      if (dialect.isConflict(s)) {
        return Failure.CONFLICT;
      }
      if (s.getSQLState() != null && s.getSQLState().startsWith("08")) {
        return Failure.UNAVAILABLE;
      }
    }
    return Failure.REJECTED;
  }
}
