package io.t4t.operations;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which failures are transient: the database or the broker is away or busy, and the same record
 * will succeed once it is back. Those are retried in place, never dead-lettered; everything else
 * about a record is permanent and goes to the dead-letter topic.
 */
public final class Failures {
  private Failures() {}

  /** True when something in the cause chain says that trying again later may succeed. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException
          || t instanceof SocketTimeoutException
          || t instanceof org.apache.kafka.common.errors.RetriableException) {
        return true;
      }
      if (t instanceof SQLException s && transientState(s.getSQLState())) {
        return true;
      }
      String name = t.getClass().getName();
      // by name: these libraries are on some services' class paths only
      if (name.equals("org.hibernate.exception.JDBCConnectionException")
          || name.equals("io.t4t.core.error.UnavailableException")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  /**
   * SQL states that mean "not now" (PostgreSQL's codes, which are the standard's classes): 08
   * connection exceptions, 53 insufficient resources, 57P operator intervention (the server is
   * shutting down or starting), 40001/40P01 serialization failure and deadlock.
   */
  static boolean transientState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57P")
            || state.equals("40001")
            || state.equals("40P01"));
  }
}
