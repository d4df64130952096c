package io.t4t.core.strategy;

import io.t4t.events.ErrorCode;
import java.util.List;

/** One statement of a model run, and what the executor does with its result. */
public sealed interface Step {
  String sql();

  /**
   * Runs a statement.
   *
   * @param countsRows its update count is the number of rows the run wrote
   * @param log the line logged once it ran (e.g. "Created table: s.m"), or null
   */
  record Execute(String sql, boolean countsRows, String log, Effect effect) implements Step {
    public Execute {
      effect = effect != null ? effect : countsRows ? Effect.INSERTED : Effect.NONE;
    }

    public Execute(String sql, boolean countsRows, String log) {
      this(sql, countsRows, log, null);
    }
  }

  /**
   * What a statement's update count means for the run's row counts ({@code t4t runs}): rows
   * inserted (a merge's written rows less those {@link Matched}), rows deleted, or nothing.
   */
  enum Effect {
    NONE,
    INSERTED,
    DELETED
  }

  /**
   * Runs a query returning one number before a merge writes: the delta rows whose key the target
   * already holds, which the merge updates (the rest it inserts). Engines report one update count
   * for an upsert or a MERGE, so this is how inserted and updated rows are told apart.
   */
  record Matched(String sql) implements Step {}

  /**
   * Runs a query that must return no rows; if it returns any, the run fails with {@code code}, and
   * the message names the first rows (the offending keys).
   */
  record FailIfAny(String sql, ErrorCode code, String message) implements Step {}

  /**
   * Runs a query returning the merge keys ({@code keyCount} leading columns) that are NULL or occur
   * more than once; if it returns any, the run fails: NULL_KEYS with {@code nullMessage} when a key
   * is NULL, else DUPLICATE_KEYS with {@code duplicateMessage}, each naming the keys. One statement
   * instead of two, for engines where every statement costs a round of scheduling (Trino).
   */
  record KeyCheck(String sql, int keyCount, String nullMessage, String duplicateMessage)
      implements Step {}

  /**
   * Runs a query returning one row: the number of rows written (or NULL to keep the counted
   * updates) and the maximum time column value loaded (or NULL).
   */
  record Measure(String sql) implements Step {}

  /**
   * Runs {@code execute}; if it fails, the {@code explain} checks run (after rolling back to a
   * savepoint) to turn the engine's error into t4t's: e.g. an upsert refused because a key occurs
   * twice in the delta is reported as DUPLICATE_KEYS naming the keys, and the check costs nothing
   * when the delta is clean.
   */
  record Guarded(Execute execute, List<FailIfAny> explain) implements Step {
    public Guarded {
      explain = List.copyOf(explain);
    }

    @Override
    public String sql() {
      return execute.sql();
    }
  }
}
