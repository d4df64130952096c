package io.t4t.core.engine;

/** What kind of failure an engine's exception reports, as its {@link EngineProvider} reads it. */
public enum Failure {
  /** A write conflict with a concurrent transaction (serialization failure, deadlock). */
  CONFLICT(true),
  /** The connection was lost or the server is shutting down. */
  UNAVAILABLE(true),
  /**
   * The server is out of resources (connections, memory, disk): it cannot take t4t now. Refused
   * connections count as unavailable; a statement that fails so is not retried.
   */
  OUT_OF_RESOURCES(false),
  /** The database file is held by another process (DuckDB takes one writer per file). */
  LOCKED(false),
  /** Anything else: the engine rejected what t4t asked. */
  REJECTED(false);

  private final boolean retryable;

  Failure(boolean retryable) {
    this.retryable = retryable;
  }

  /** True when trying the same run again may succeed (the run's error code is TRANSIENT). */
  public boolean retryable() {
    return retryable;
  }
}
