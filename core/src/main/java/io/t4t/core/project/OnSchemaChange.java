package io.t4t.core.project;

/**
 * {@code on_schema_change} (a model's metadata, or {@code [flags]} in project.toml for every
 * model): what an incremental run does when its query's columns differ from its table's
 * (docs/schema-changes.md has the table of mode x change x engine).
 */
public enum OnSchemaChange implements Names.Named {
  /** Refuse the run, naming the columns and what to set; nothing changes. The default. */
  FAIL,
  /**
   * Load the columns the table and query share: an added column is not loaded, a removed one gets
   * NULL, a retyped one is cast to the table's type by the engine.
   */
  IGNORE,
  /** Add new columns to the table; a removed column gets NULL; a type change is refused. */
  APPEND_NEW_COLUMNS,
  /**
   * Make the table's columns the query's: add, drop and retype (in place where the engine can, else
   * a full rebuild through the atomic build-and-swap).
   */
  SYNC_ALL_COLUMNS,
  /** Rebuild the table from the query in full. */
  FULL_REFRESH;

  @Override
  public String wireName() {
    return Names.Named.lower(this);
  }

  public static OnSchemaChange fromName(String value) {
    return Names.fromName(OnSchemaChange.class, "on_schema_change", value);
  }
}
