package io.t4t.core.sql;

/** Renders a typed value as a literal of one SQL dialect. */
@FunctionalInterface
public interface ValueRenderer {
  String literal(SqlValue value);
}
