package io.t4t.core.plan;

import io.t4t.core.dialect.TableName;

/** Read-only questions the planner asks the warehouse. */
public interface Catalog {
  /** What the warehouse holds under {@code table}, asking the engine's catalog for its kind. */
  default TargetInfo describe(TableName table) {
    return describe(table, null);
  }

  /**
   * What the warehouse holds under {@code table}.
   *
   * @param knownKind the kind t4t last created there (from state), or null to ask the catalog;
   *     catalog queries cost milliseconds on a fresh connection, a probe of the table does not
   */
  default TargetInfo describe(TableName table, TargetInfo.Kind knownKind) {
    return describe(table, knownKind, true);
  }

  /**
   * What the warehouse holds under {@code table}.
   *
   * @param knownKind as above
   * @param rows whether to find out if a table is empty (only an incremental model's plan reads it;
   *     otherwise {@link TargetInfo#empty()} is false for a table and costs no query)
   */
  TargetInfo describe(TableName table, TargetInfo.Kind knownKind, boolean rows);

  /** The columns and types {@code query} returns (a table-shaped answer), without running it. */
  default TargetInfo describeQuery(String query) {
    return TargetInfo.NONE;
  }
}
