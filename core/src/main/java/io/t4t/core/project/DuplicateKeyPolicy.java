package io.t4t.core.project;

/**
 * What a merge does when its delta holds several rows for one unique key. SQL's MERGE fails then
 * (MERGE_TARGET_ROW_MULTIPLE_MATCHES); t4t fails too unless the model opts into keeping the row
 * with the latest time column value.
 */
public enum DuplicateKeyPolicy implements Names.Named {
  FAIL,
  KEEP_LATEST;

  @Override
  public String wireName() {
    return Names.Named.lower(this);
  }

  public static DuplicateKeyPolicy fromName(String value) {
    return Names.fromName(DuplicateKeyPolicy.class, "on_duplicate_keys value", value);
  }
}
