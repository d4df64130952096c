package io.t4t.core.dialect;

import io.t4t.core.sql.SqlValue;
import java.time.format.DateTimeFormatter;

/** Spellings DuckDB and PostgreSQL share: double-quoted identifiers and typed literals. */
final class StandardSql {
  private static final DateTimeFormatter TS = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

  private StandardSql() {}

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  /** A string literal, quotes doubled (PostgreSQL: standard_conforming_strings, on since 9.1). */
  static String string(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /**
   * A typed literal: {@code DATE '...'}, {@code TIMESTAMP '...'}, {@code TIMESTAMPTZ '...'}, ...
   */
  static String literal(SqlValue value) {
    if (value instanceof SqlValue.Date d) {
      return "DATE " + string(d.value().toString());
    }
    if (value instanceof SqlValue.Timestamp t) {
      return "TIMESTAMP " + string(t.value().format(TS).replace('T', ' '));
    }
    if (value instanceof SqlValue.TimestampTz t) {
      return "TIMESTAMPTZ " + string(t.value().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }
    if (value instanceof SqlValue.Number n) {
      // parenthesised, so "-@v" with v = -5 can never render as the comment "--5"
      return n.value().signum() < 0
          ? "(" + n.value().toPlainString() + ")"
          : n.value().toPlainString();
    }
    if (value instanceof SqlValue.Text s) {
      return string(s.value());
    }
    if (value instanceof SqlValue.Bool b) {
      return b.value() ? "TRUE" : "FALSE";
    }
    if (value instanceof SqlValue.Typed t) {
      return "CAST(" + string(t.text()) + " AS " + t.sqlType() + ")";
    }
    return "NULL";
  }
}
