package io.t4t.core.coordinate;

/** A model's status within one run. */
public enum Status {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED,
  SKIPPED;

  /** Succeeded, failed or skipped: nothing more happens to the model in this run. */
  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == SKIPPED;
  }
}
