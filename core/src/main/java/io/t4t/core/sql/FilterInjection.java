package io.t4t.core.sql;

import java.util.ArrayList;
import java.util.List;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;

/**
 * ANDs incremental conditions into the outermost query of a parsed model.
 *
 * <p>When the outermost query is a plain SELECT that neither aggregates, deduplicates, limits nor
 * uses window functions, and the column is projected as a column, the conditions go into its WHERE
 * on the source column (so engines prune early). Otherwise (UNION, GROUP BY, DISTINCT, window
 * functions, computed column) the query is wrapped: {@code SELECT * FROM (<model>) AS t4t_model
 * WHERE ...}, which filters exactly the model's output.
 */
final class FilterInjection {
  private static final String WRAP_ALIAS = "t4t_model";

  private FilterInjection() {}

  /**
   * A condition's bound in the parse tree: a variable node the deparser ({@link Variables}) prints
   * as the condition's typed bound, spelled by the dialect.
   */
  static final class Bound extends UserVariable {
    private final Condition condition;

    Bound(Condition condition) {
      super("t4t_bound");
      this.condition = condition;
    }

    String sql() {
      return condition.boundSql();
    }
  }

  /** The query filtered by {@code conditions} (changed in place, or wrapped). */
  static Select inject(Select select, List<Condition> conditions) {
    if (select instanceof PlainSelect plain && filterable(plain)) {
      List<Expression> exprs = new ArrayList<>();
      for (Condition c : conditions) {
        Expression source = sourceExpression(plain, c.column());
        if (source == null) {
          return wrap(select, conditions);
        }
        exprs.add(comparison(source, c));
      }
      Expression predicate = plain.getWhere();
      for (Expression e : exprs) {
        predicate = predicate == null ? e : new AndExpression(predicate, e);
      }
      plain.setWhere(predicate);
      return plain;
    }
    return wrap(select, conditions);
  }

  private static Select wrap(Select inner, List<Condition> conditions) {
    PlainSelect outer = new PlainSelect();
    outer.addSelectItems(new AllColumns());
    ParenthesedSelect from = new ParenthesedSelect();
    from.setSelect(inner);
    from.setAlias(new Alias(WRAP_ALIAS, true));
    outer.setFromItem(from);
    Expression predicate = null;
    for (Condition c : conditions) {
      Expression e = comparison(new Column(new Table(WRAP_ALIAS), c.column()), c);
      predicate = predicate == null ? e : new AndExpression(predicate, e);
    }
    outer.setWhere(predicate);
    return outer;
  }

  private static Expression comparison(Expression left, Condition c) {
    Expression bound = new Bound(c);
    return switch (c.operator()) {
      case ">" -> new GreaterThan().withLeftExpression(left).withRightExpression(bound);
      case "<" -> new MinorThan().withLeftExpression(left).withRightExpression(bound);
      default -> new GreaterThanEquals().withLeftExpression(left).withRightExpression(bound);
    };
  }

  private static boolean filterable(PlainSelect plain) {
    if (plain.getGroupBy() != null
        || plain.getHaving() != null
        || plain.getDistinct() != null
        || plain.getLimit() != null
        || plain.getOffset() != null
        || plain.getFetch() != null
        || plain.getTop() != null
        || plain.getQualify() != null) {
      return false;
    }
    boolean[] window = {false};
    ExpressionVisitorAdapter<Void> finder =
        new ExpressionVisitorAdapter<>() {
          @Override
          public <S> Void visit(AnalyticExpression expr, S context) {
            window[0] = true;
            return null;
          }
        };
    for (SelectItem<?> item : plain.getSelectItems()) {
      item.getExpression().accept(finder, null);
    }
    return !window[0];
  }

  /** The expression the outermost SELECT projects as {@code column}, or null if not a column. */
  private static Expression sourceExpression(PlainSelect plain, String column) {
    boolean hasJoins = plain.getJoins() != null && !plain.getJoins().isEmpty();
    Expression found = null;
    for (SelectItem<?> item : plain.getSelectItems()) {
      Expression e = item.getExpression();
      String outputName;
      if (item.getAlias() != null) {
        outputName = Identifiers.unquote(item.getAlias().getName());
      } else if (e instanceof Column col) {
        outputName = Identifiers.unquote(col.getColumnName());
      } else if (e instanceof AllColumns star) {
        if (star.getReplaceExpressions() != null && !star.getReplaceExpressions().isEmpty()
            || star.getExceptColumns() != null && !star.getExceptColumns().isEmpty()) {
          return null; // * REPLACE/EXCLUDE may redefine or drop the column: filter the output
        }
        if (found == null && star instanceof AllTableColumns atc) {
          found = new Column(atc.getTable(), column);
        } else if (found == null && !hasJoins) {
          found = new Column(column);
        }
        continue;
      } else {
        continue;
      }
      if (outputName.equalsIgnoreCase(column)) {
        return e instanceof Column ? e : null;
      }
    }
    return found;
  }
}
