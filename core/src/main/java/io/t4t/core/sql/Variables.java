package io.t4t.core.sql;

import io.t4t.core.error.InvalidInputException;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

/**
 * Prints parsed SQL with its variables ({@code @name}, from {@code @name} or {@code {{ name }}}) as
 * typed literals of the dialect, and lists the variables a tree uses. An injected condition's
 * {@link FilterInjection.Bound bound} prints as its own typed value.
 */
final class Variables {
  private Variables() {}

  /** The query as SQL, each variable rendered from {@code vars} (a missing one is an error). */
  static String render(
      String where, Select select, Map<String, SqlValue> vars, ValueRenderer renderer) {
    return print(select, name -> lookup(where, vars, name), renderer);
  }

  /** The condition as SQL, each variable rendered from {@code vars}. */
  static String render(
      String where, Expression condition, Map<String, SqlValue> vars, ValueRenderer renderer) {
    StringBuilder buf = new StringBuilder();
    condition.accept(deParser(buf, name -> lookup(where, vars, name), renderer), null);
    return buf.toString();
  }

  /** The names of the variables the query uses. */
  static Set<String> of(Select select) {
    Set<String> names = new TreeSet<>();
    print(select, collector(names), v -> "NULL");
    return Collections.unmodifiableSet(names);
  }

  /** The names of the variables the condition uses. */
  static Set<String> of(Expression condition) {
    Set<String> names = new TreeSet<>();
    condition.accept(deParser(new StringBuilder(), collector(names), v -> "NULL"), null);
    return names;
  }

  private static Function<String, SqlValue> collector(Set<String> names) {
    return name -> {
      names.add(name);
      return new SqlValue.Null();
    };
  }

  private static String print(
      Select select, Function<String, SqlValue> vars, ValueRenderer renderer) {
    StringBuilder buf = new StringBuilder();
    ExpressionDeParser expr = deParser(buf, vars, renderer);
    SelectDeParser selectDeParser = new SelectDeParser(expr, buf);
    expr.setSelectVisitor(selectDeParser);
    StatementDeParser statement = new StatementDeParser(expr, selectDeParser, buf);
    select.accept(statement, null);
    return buf.toString();
  }

  private static SqlValue lookup(String where, Map<String, SqlValue> vars, String name) {
    SqlValue v = vars.get(name);
    if (v == null) {
      throw new InvalidInputException(
          "Cannot render "
              + where
              + ": variable '"
              + name
              + "' is not set (pass it with --vars '{\""
              + name
              + "\": ...}')");
    }
    return v;
  }

  private static ExpressionDeParser deParser(
      StringBuilder buf, Function<String, SqlValue> vars, ValueRenderer renderer) {
    ExpressionDeParser expr =
        new ExpressionDeParser() {
          @Override
          public <S> StringBuilder visit(UserVariable var, S context) {
            builder.append(
                var instanceof FilterInjection.Bound bound
                    ? bound.sql()
                    : renderer.literal(vars.apply(var.getName())));
            return builder;
          }
        };
    expr.setBuilder(buf);
    return expr;
  }
}
