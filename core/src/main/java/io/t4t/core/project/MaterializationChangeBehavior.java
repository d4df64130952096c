package io.t4t.core.project;

/** {@code [flags] materialization_change_behavior}: what to do when a model's kind changes. */
public enum MaterializationChangeBehavior implements Names.Named {
  /** Log a warning and rebuild the model with its new materialization. */
  WARN,
  /** Fail the model; the old object stays as it is. */
  ERROR,
  /** Rebuild silently. */
  IGNORE;

  @Override
  public String wireName() {
    return Names.Named.lower(this);
  }

  public static MaterializationChangeBehavior fromName(String value) {
    return Names.fromName(
        MaterializationChangeBehavior.class, "materialization_change_behavior", value);
  }
}
