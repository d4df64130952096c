package io.t4t.core.dialect;

/** What an engine can do; tests and strategies switch on these, never on the engine's name. */
public enum Capability {
  /**
   * Several writes commit together: a model's statements and its ledger row are one transaction.
   * Without it (Trino on Iceberg: every write commits by itself) each write is one atomic statement
   * and re-applying a run whose ledger row is missing changes nothing more (docs/engines/trino.md).
   */
  TRANSACTIONS,
  /** DDL takes part in transactions, so a rebuild and its ledger row commit together. */
  TRANSACTIONAL_DDL,
  /** {@code CREATE OR REPLACE TABLE ... AS} replaces a table atomically. */
  CREATE_OR_REPLACE_TABLE,
  /**
   * {@code ALTER TABLE ... ALTER COLUMN ... TYPE} converts a column to any type its values cast to,
   * in place. Without it (Iceberg) only {@link Dialect#widensInPlace} changes are; others rebuild.
   */
  CHANGES_COLUMN_TYPES,
  /** {@code MERGE INTO} is available. */
  MERGE,
  /** {@code EXCEPT ALL} keeps multiplicities. */
  EXCEPT_ALL,
  /** {@code CREATE TEMP TABLE} for staging deltas. */
  TEMP_TABLES,
  /**
   * Several sessions can write one database at once (bucket sinks then run in parallel); DuckDB
   * allows one writing process per file.
   */
  CONCURRENT_WRITERS,
  /** Model SQL can read files ({@code read_csv}, {@code read_parquet}, ...). */
  READS_FILES,
  /**
   * The catalog's {@code information_schema.columns} names types exactly as a query's result
   * metadata does (after {@link Dialect#catalogTypeName}), so one catalog query describes every
   * model's table for planning instead of one probe per model.
   */
  DESCRIBES_IN_BULK
}
