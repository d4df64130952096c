package io.t4t.core.sql;

import java.util.List;
import net.sf.jsqlparser.statement.select.Select;

/**
 * Reads of a model by its own name inside a custom SQL test, redirected by the parser: in an audit
 * before publish the test must see the batch being written, not the table as published.
 */
public final class SelfReads {
  private SelfReads() {}

  /** Fails naming {@code where} unless {@code sql} is one SELECT. */
  public static void check(String where, String sql) {
    Parsing.select(where, sql);
  }

  /**
   * {@code sql} with every read of {@code schema.name} (any catalog) reading {@code relation}
   * instead, an unqualified name such as a CTE's.
   */
  public static String readingAs(
      String where,
      String sql,
      String schema,
      String name,
      String relation,
      IdentifierQuoter quoter) {
    Select select = Parsing.select(where, sql);
    TableReferences.rename(
        select,
        parts -> {
          int n = parts.size();
          boolean self =
              n >= 2
                  && parts.get(n - 1).equalsIgnoreCase(name)
                  && parts.get(n - 2).equalsIgnoreCase(schema);
          return self ? List.of(relation) : parts;
        },
        quoter);
    return select.toString();
  }
}
