package io.t4t.events;

/**
 * Why a model run failed. Carried in failure events together with the retryable flag; only the
 * codes marked retryable are retried, everything else fails the model.
 */
public enum ErrorCode {
  /** The delta holds more than one row for a unique key (MERGE_TARGET_ROW_MULTIPLE_MATCHES). */
  DUPLICATE_KEYS(false),
  /** The delta holds a row whose unique key is NULL. */
  NULL_KEYS(false),
  /** The model's materialization changed and the project says {@code error}. */
  MATERIALIZATION_CHANGED(false),
  /**
   * An incremental model's query columns differ from its table's and its {@code on_schema_change}
   * refuses the change (docs/schema-changes.md).
   */
  SCHEMA_CHANGED(false),
  /** The model's SQL or configuration cannot be applied to the existing target. */
  INVALID_MODEL(false),
  /** The engine rejected a statement. */
  SQL_ERROR(false),
  /** The engine could not be reached or a transaction conflicted; trying again may succeed. */
  TRANSIENT(true),
  /**
   * The planner planned the run from a ledger position the model's ledger has moved past (another
   * run, or a reset, was recorded since): nothing was applied; the failure carries the ledger's
   * position and the planner plans the model again from it.
   */
  STALE_PLAN(true),
  /**
   * The executor's plan from the same ledger position differs from the planner's (full against
   * incremental): the two read different project files (deploy them together), or the target
   * changed outside t4t (a dropped table; run with full_refresh). Nothing was applied.
   */
  PLAN_MISMATCH(false),
  /**
   * A blocking data test (severity {@code error}) found failing rows in the batch before it was
   * published: nothing was written, the ledger and watermark are unchanged. Not retryable: the same
   * batch fails again until the data or the test changes.
   */
  AUDIT_FAILED(false),
  /** An upstream model failed, so this one did not run. */
  UPSTREAM_FAILED(false),
  /**
   * Anything else; also how a reader reads a code a newer build added (the event's own {@code
   * retryable} flag still says whether to try again).
   */
  @com.fasterxml.jackson.annotation.JsonEnumDefaultValue
  INTERNAL(false);

  private final boolean retryable;

  ErrorCode(boolean retryable) {
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
