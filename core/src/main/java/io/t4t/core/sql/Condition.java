package io.t4t.core.sql;

/**
 * One predicate on a model's output column, e.g. {@code updated_at > <bound>}.
 *
 * @param column the output column
 * @param operator {@code >} or {@code >=}
 * @param boundSql the bound as an expression of the target dialect (rendered by the dialect)
 */
public record Condition(String column, String operator, String boundSql) {
  public Condition {
    if (!operator.equals(">") && !operator.equals(">=")) {
      throw new IllegalArgumentException("operator must be > or >=: " + operator);
    }
  }
}
