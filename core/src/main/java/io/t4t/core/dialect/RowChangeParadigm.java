package io.t4t.core.dialect;

/**
 * How an engine applies an upsert of a staged delta (after Trino's {@code RowChangeParadigm}).
 * Chosen per engine for correctness first, then speed.
 */
public enum RowChangeParadigm {
  /** Delete target rows whose key is in the delta, then insert the delta, in one transaction. */
  DELETE_ROW_AND_INSERT_ROW,
  /** One {@code MERGE INTO} statement. */
  MERGE_STATEMENT,
  /**
   * {@code INSERT ... ON CONFLICT (key) DO UPDATE}: an index probe per delta row; needs a unique
   * index on the key.
   */
  INSERT_ON_CONFLICT
}
