package io.t4t.core.sql;

import java.util.Objects;
import java.util.function.Function;

/**
 * One predicate on a model's output column, e.g. {@code updated_at > <bound>}. The bound stays a
 * typed value until a statement is rendered: injected into a model's query, it travels in the parse
 * tree as a node holding this condition and is spelled only when the tree is printed, never parsed
 * back from text.
 *
 * @param column the output column
 * @param operator {@code >} or {@code >=}, or {@code <} (a backfill window's end)
 * @param bound the bound, typed
 * @param spelling the bound as an expression of the target dialect: its literal, or an expression
 *     around its literal (e.g. the literal minus a lookback)
 */
public record Condition(
    String column, String operator, SqlValue bound, Function<SqlValue, String> spelling) {
  public Condition {
    if (!operator.equals(">") && !operator.equals(">=") && !operator.equals("<")) {
      throw new IllegalArgumentException("operator must be >, >= or <: " + operator);
    }
  }

  /** A condition whose bound is spelled as the dialect's literal for it. */
  public static Condition of(
      String column, String operator, SqlValue bound, ValueRenderer dialect) {
    return new Condition(column, operator, bound, dialect::literal);
  }

  /** The bound as SQL of the target dialect. */
  public String boundSql() {
    return spelling.apply(bound);
  }

  /** Equal when column, operator and typed bound are, and the bound is spelled the same. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Condition c
        && column.equals(c.column)
        && operator.equals(c.operator)
        && Objects.equals(bound, c.bound)
        && boundSql().equals(c.boundSql());
  }

  @Override
  public int hashCode() {
    return Objects.hash(column, operator, bound, boundSql());
  }

  @Override
  public String toString() {
    return "Condition[" + column + " " + operator + " " + boundSql() + "]";
  }
}
