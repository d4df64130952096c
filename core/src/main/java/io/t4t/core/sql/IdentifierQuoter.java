package io.t4t.core.sql;

/**
 * Quotes one identifier in an engine's syntax. Every {@code io.t4t.core.dialect.Dialect} is one;
 * the interface lives here so that rewriting model SQL quotes through the dialect without this
 * package depending on {@code io.t4t.core.dialect} (which depends on this one).
 */
@FunctionalInterface
public interface IdentifierQuoter {
  /** {@code identifier} as a quoted identifier, any quote characters in it escaped. */
  String quote(String identifier);
}
