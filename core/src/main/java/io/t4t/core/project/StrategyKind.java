package io.t4t.core.project;

/** How an incremental model loads its delta. */
public enum StrategyKind implements Names.Named {
  APPEND,
  MERGE,
  DELETE_INSERT;

  @Override
  public String wireName() {
    return Names.Named.lower(this);
  }

  public static StrategyKind fromName(String value) {
    return Names.fromName(StrategyKind.class, "incremental strategy", value);
  }
}
