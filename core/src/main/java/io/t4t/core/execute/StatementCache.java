package io.t4t.core.execute;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * t4t's own parameterised statements (ledger, catalog), prepared once per connection and kept, the
 * 32 most recently used: preparing costs as much as running one on DuckDB (about 0.7 ms), and every
 * model run issues a few.
 */
final class StatementCache {
  private static final int SIZE = 32;

  private final Connection connection;
  private final Map<String, PreparedStatement> prepared =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= SIZE) {
            return false;
          }
          closeQuietly(eldest.getValue());
          return true;
        }
      };

  StatementCache(Connection connection) {
    this.connection = connection;
  }

  /**
   * The statement prepared for {@code sql}, preparing it if needed; the caller must not close it.
   */
  PreparedStatement get(String sql) throws SQLException {
    PreparedStatement s = prepared.get(sql);
    if (s == null || s.isClosed()) {
      s = connection.prepareStatement(sql);
      prepared.put(sql, s);
    }
    return s;
  }

  /** Closes every kept statement. */
  void clear() {
    prepared.values().forEach(StatementCache::closeQuietly);
    prepared.clear();
  }

  private static void closeQuietly(PreparedStatement s) {
    try {
      s.close();
    } catch (SQLException ignored) {
      // closing the connection releases it anyway
    }
  }
}
