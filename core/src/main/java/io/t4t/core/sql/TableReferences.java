package io.t4t.core.sql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;

/** Finds and renames the tables a parsed query reads; its own CTE names are not tables. */
final class TableReferences {
  private TableReferences() {}

  /**
   * The tables {@code select} reads, in order of appearance, excluding its CTE names.
   *
   * @param tableFunctions called with each table function the query reads from
   */
  static Set<TableRef> find(Select select, Consumer<Function> tableFunctions) {
    Set<String> cteNames = cteNames(select);
    Set<TableRef> refs = new LinkedHashSet<>();
    TablesNamesFinder<Void> finder =
        new TablesNamesFinder<>() {
          @Override
          public <S> Void visit(TableFunction function, S context) {
            tableFunctions.accept(function.getFunction());
            return super.visit(function, context);
          }
        };
    for (String name : finder.getTables((Statement) select)) {
      List<String> parts = new ArrayList<>();
      for (String p : name.split("\\.")) {
        parts.add(Identifiers.unquote(p));
      }
      if (!isCte(parts, cteNames)) {
        refs.add(new TableRef(parts));
      }
    }
    return Collections.unmodifiableSet(refs);
  }

  /**
   * Renames, in place, every table reference that is not a CTE name.
   *
   * @param tables given and returning unquoted name parts, e.g. {@code [db, name]} to {@code [main,
   *     name]}
   * @param quoter quotes a new name part unless it is a plain lower-case identifier (which every
   *     engine reads as itself), so unchanged-looking names stay as they were written
   */
  static void rename(Select select, UnaryOperator<List<String>> tables, IdentifierQuoter quoter) {
    Set<String> cteNames = cteNames(select);
    TablesNamesFinder<Void> finder =
        new TablesNamesFinder<>() {
          @Override
          public <S> Void visit(Table table, S context) {
            List<String> parts = new ArrayList<>();
            if (table.getDatabaseName() != null) {
              parts.add(Identifiers.unquote(table.getDatabaseName()));
            }
            if (table.getSchemaName() != null) {
              parts.add(Identifiers.unquote(table.getSchemaName()));
            }
            parts.add(Identifiers.unquote(table.getName()));
            List<String> mapped = isCte(parts, cteNames) ? parts : tables.apply(parts);
            if (!mapped.equals(parts)) {
              int n = mapped.size();
              table.setName(quoteIfNeeded(mapped.get(n - 1), quoter));
              table.setSchemaName(n >= 2 ? quoteIfNeeded(mapped.get(n - 2), quoter) : null);
              table.setDatabaseName(n >= 3 ? quoteIfNeeded(mapped.get(n - 3), quoter) : null);
            }
            return super.visit(table, context);
          }
        };
    finder.getTables((Statement) select);
  }

  private static String quoteIfNeeded(String part, IdentifierQuoter quoter) {
    return part.matches("[a-z_][a-z0-9_]*") ? part : quoter.quote(part);
  }

  private static boolean isCte(List<String> parts, Set<String> cteNames) {
    return parts.size() == 1 && cteNames.contains(parts.get(0).toLowerCase(Locale.ROOT));
  }

  private static Set<String> cteNames(Select select) {
    Set<String> names = new HashSet<>();
    if (select.getWithItemsList() != null) {
      for (WithItem<?> w : select.getWithItemsList()) {
        names.add(Identifiers.unquote(w.getAlias().getName()).toLowerCase(Locale.ROOT));
      }
    }
    return names;
  }
}
