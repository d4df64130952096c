package io.t4t.core.project;

/** {@code [connection] type}. */
public enum EngineType implements Names.Named {
  DUCKDB,
  POSTGRES,
  TRINO;

  @Override
  public String wireName() {
    return Names.Named.lower(this);
  }

  public static EngineType fromName(String value) {
    return Names.fromName(EngineType.class, "connection type", value);
  }
}
