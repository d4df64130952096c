package io.t4t.events;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * Which failures are transient: the database or the broker is away or busy, and the same record
 * will succeed once it is back. Every consumer of t4t's topics (the services, {@code t4t serve})
 * retries those in place and never dead-letters them; everything else about a record is permanent
 * and goes to the dead-letter topic. Classes of libraries not every consumer has are named, not
 * linked.
 */
public final class Failures {
  private Failures() {}

  /** True when something in the cause chain says that trying again later may succeed. */
  public static boolean isTransient(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLTransientException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException
          || t instanceof SocketTimeoutException) {
        return true;
      }
      if (t instanceof SQLException s && transientState(s.getSQLState())) {
        return true;
      }
      if (named(t.getClass())) {
        return true;
      }
      // Agroal's pool, when no connection comes back in time (no SQL state)
      if (t instanceof SQLException
          && t.getMessage() != null
          && t.getMessage().contains("acquisition timeout")) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }

  private static boolean named(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getSuperclass()) {
      String name = k.getName();
      if (name.equals("org.apache.kafka.common.errors.RetriableException")
          || name.equals("org.hibernate.exception.JDBCConnectionException")
          || name.equals("io.t4t.core.error.UnavailableException")) {
        return true;
      }
    }
    return false;
  }

  /**
   * SQL states that mean "not now" (PostgreSQL's codes, which are the standard's classes): 08
   * connection exceptions, 53 insufficient resources, 57P operator intervention (the server is
   * shutting down or starting), 40001/40P01 serialization failure and deadlock, 23505 a unique key
   * taken by a concurrent transaction (a redelivered record racing its first delivery: the retry
   * finds it done).
   */
  static boolean transientState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.startsWith("53")
            || state.startsWith("57P")
            || state.equals("40001")
            || state.equals("40P01")
            || state.equals("23505"));
  }
}
