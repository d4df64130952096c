package io.t4t.core.project;

/**
 * The keys every engine's connection table has. Each engine declares its table as a record
 * implementing this; the record's components are the keys the table allows.
 */
public interface ConnectionSettings {
  /** {@code type}: the engine's name. */
  String type();

  /** {@code schema}: where unqualified tables live; null when not set. */
  String schema();
}
