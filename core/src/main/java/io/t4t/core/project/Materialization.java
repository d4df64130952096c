package io.t4t.core.project;

/** How a model is stored in the warehouse. */
public enum Materialization implements Names.Named {
  TABLE,
  VIEW,
  INCREMENTAL;

  @Override
  public String wireName() {
    return Names.Named.lower(this);
  }

  public static Materialization fromName(String value) {
    return Names.fromName(Materialization.class, "materialization", value);
  }
}
