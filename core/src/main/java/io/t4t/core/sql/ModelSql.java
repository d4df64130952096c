package io.t4t.core.sql;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Alias;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.UserVariable;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.TableFunction;
import net.sf.jsqlparser.statement.select.WithItem;
import net.sf.jsqlparser.util.TablesNamesFinder;
import net.sf.jsqlparser.util.deparser.ExpressionDeParser;
import net.sf.jsqlparser.util.deparser.SelectDeParser;
import net.sf.jsqlparser.util.deparser.StatementDeParser;

/**
 * A model's SELECT, parsed. Immutable: a render that needs the tree (conditions, renames,
 * variables) parses the text afresh; a model without variables keeps its plain rendering.
 */
public final class ModelSql {
  private static final String WRAP_ALIAS = "t4t_model";

  private final String where;
  private final String parserForm;
  private final String canonical;
  private final Set<TableRef> tableRefs;
  private final Set<String> fileSources = new TreeSet<>();
  private final Set<String> variables;

  /**
   * The query as rendered without conditions or renames, for a model without variables (then it
   * depends on nothing else): rendered once from the parse, which is not kept (its token chain
   * would cost many times the text's memory in a long-running service).
   */
  private final String plain;

  private ModelSql(String where, String parserForm, Select select) {
    this.where = where;
    this.parserForm = parserForm;
    this.canonical = select.toString();
    this.tableRefs = findTables(select, fileSources);
    this.variables = collectVariables(select);
    this.plain = variables.isEmpty() ? deparse(select, Map.of(), null) : null;
  }

  /**
   * Parses model SQL.
   *
   * @param where the file name, for error messages
   */
  public static ModelSql parse(String where, String sql) {
    String parserForm = Templates.toParserForm(where, sql);
    return new ModelSql(where, parserForm, parseSelect(where, parserForm));
  }

  private static Select parseSelect(String where, String text) {
    if (holdsNoStatement(stripTrailingSemicolon(text))) {
      throw new InvalidInputException(
          "Invalid SQL in "
              + where
              + ": the file holds no statement (only whitespace or comments); a model is one"
              + " SELECT statement: write it, or delete the file");
    }
    Statement statement;
    try {
      statement = parseStatement(stripTrailingSemicolon(text));
    } catch (JSQLParserException e) {
      String detail = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new InvalidInputException(
          "Invalid SQL in "
              + where
              + ": "
              + Messages.firstLine(detail)
              + " (a model is one SELECT statement; t4t parses it to find its dependencies)",
          e);
    }
    if (!(statement instanceof Select select)) {
      throw new InvalidInputException(
          "Invalid SQL in "
              + where
              + ": a model must be a single SELECT (found "
              + statement.getClass().getSimpleName()
              + ")");
    }
    return select;
  }

  /**
   * Parses on the calling thread. {@code CCJSqlParserUtil.parse} runs every parse on a fresh thread
   * with a timeout (about 4x the cost); it is only the fallback, for its second, "complex" parsing
   * pass and its error messages.
   */
  private static Statement parseStatement(String text) throws JSQLParserException {
    try {
      CCJSqlParser parser = CCJSqlParserUtil.newParser(text);
      Statement statement = parser.Statement();
      if (parser.getNextToken().kind == CCJSqlParserConstants.EOF) {
        return statement;
      }
    } catch (ParseException | RuntimeException e) {
      // fall through to the thorough parse
    }
    return CCJSqlParserUtil.parse(text);
  }

  /** True when the parser's tokenizer finds nothing but whitespace and comments. */
  private static boolean holdsNoStatement(String text) {
    if (text.isBlank()) {
      return true;
    }
    try {
      return CCJSqlParserUtil.newParser(text).getNextToken().kind == CCJSqlParserConstants.EOF;
    } catch (RuntimeException e) {
      return false; // not even a token: the parse reports what is wrong
    }
  }

  /** The SQL with comments and formatting removed, as the parser prints it. */
  public String canonical() {
    return canonical;
  }

  /** SHA-256 of the canonical SQL, hex. */
  public String hash() {
    return sha256(canonical);
  }

  /** Tables the model reads, excluding its own CTE names. */
  public Set<TableRef> tableRefs() {
    return tableRefs;
  }

  /**
   * Files the model reads with DuckDB's readers ({@code read_csv}, {@code read_parquet}, {@code
   * read_json}, ...), named by the folder before the first wildcard: {@code
   * read_csv('landing/orders/*.csv')} reads source {@code landing/orders}. Data-arrival events name
   * these sources.
   */
  public Set<String> fileSources() {
    return java.util.Collections.unmodifiableSet(fileSources);
  }

  /** Names of the variables ({@code @name} or {@code {{ name }}}) the SQL uses. */
  public Set<String> variables() {
    return variables;
  }

  /** The SQL with variables rendered as literals and no filter. */
  public String render(Map<String, SqlValue> vars, ValueRenderer renderer) {
    return render(List.of(), vars, renderer);
  }

  /**
   * The SQL with variables rendered and the conditions ANDed into the outermost query.
   *
   * <p>When the outermost query is a plain SELECT that neither aggregates, deduplicates, limits nor
   * uses window functions, and the column is projected as a column, the conditions go into its
   * WHERE on the source column (so engines prune early, as in the seed). Otherwise (UNION, GROUP
   * BY, DISTINCT, window functions, computed column) the query is wrapped: {@code SELECT * FROM
   * (<model>) AS t4t_model WHERE ...}, which filters exactly the model's output.
   */
  public String render(List<Condition> conditions, Map<String, SqlValue> vars, ValueRenderer r) {
    return render(conditions, vars, r, null);
  }

  /**
   * As {@link #render(List, Map, ValueRenderer)}, with table references renamed by {@code tables}
   * (given and returning the unquoted name parts, e.g. {@code [db, name]} to {@code [main, name]}),
   * for engines whose name rules differ from the project's; null keeps every name.
   */
  public String render(
      List<Condition> conditions,
      Map<String, SqlValue> vars,
      ValueRenderer r,
      java.util.function.UnaryOperator<List<String>> tables) {
    if (tables == null && conditions.isEmpty() && plain != null) {
      return plain;
    }
    Select select = parseSelect(where, parserForm); // a fresh tree to change
    if (tables != null) {
      renameTables(select, tables);
    }
    if (!conditions.isEmpty()) {
      select = inject(select, conditions);
    }
    return deparse(select, vars, r);
  }

  private Select inject(Select select, List<Condition> conditions) {
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

  private Select wrap(Select inner, List<Condition> conditions) {
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

  private Expression comparison(Expression left, Condition c) {
    Expression bound;
    try {
      bound = CCJSqlParserUtil.parseExpression(c.boundSql(), false);
    } catch (JSQLParserException e) {
      throw new IllegalStateException("dialect rendered an unparsable bound: " + c.boundSql(), e);
    }
    return c.operator().equals(">")
        ? new GreaterThan().withLeftExpression(left).withRightExpression(bound)
        : new GreaterThanEquals().withLeftExpression(left).withRightExpression(bound);
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
        outputName = unquote(item.getAlias().getName());
      } else if (e instanceof Column col) {
        outputName = unquote(col.getColumnName());
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

  /**
   * Parses and renders a standalone condition (a delete_insert {@code where_condition}) with its
   * variables as typed literals.
   */
  public static String renderCondition(
      String where, String condition, Map<String, SqlValue> vars, ValueRenderer renderer) {
    Expression e = parseCondition(where, condition);
    StringBuilder buf = new StringBuilder();
    ExpressionDeParser expr = valueDeParser(buf, name -> lookup(where, vars, name), renderer);
    e.accept(expr, null);
    return buf.toString();
  }

  /** The variables a standalone condition uses. */
  public static Set<String> conditionVariables(String where, String condition) {
    Set<String> names = new TreeSet<>();
    StringBuilder buf = new StringBuilder();
    parseCondition(where, condition)
        .accept(
            valueDeParser(
                buf,
                name -> {
                  names.add(name);
                  return new SqlValue.Null();
                },
                v -> "NULL"),
            null);
    return names;
  }

  private static Expression parseCondition(String where, String condition) {
    try {
      return CCJSqlParserUtil.parseCondExpression(Templates.toParserForm(where, condition), false);
    } catch (JSQLParserException e) {
      String detail = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
      throw new InvalidInputException(
          "Invalid where_condition '"
              + condition
              + "' in "
              + where
              + ": "
              + Messages.firstLine(detail),
          e);
    }
  }

  private String deparse(Select select, Map<String, SqlValue> vars, ValueRenderer renderer) {
    StringBuilder buf = new StringBuilder();
    ExpressionDeParser expr = valueDeParser(buf, name -> lookup(where, vars, name), renderer);
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

  private static ExpressionDeParser valueDeParser(
      StringBuilder buf, Function<String, SqlValue> vars, ValueRenderer renderer) {
    ExpressionDeParser expr =
        new ExpressionDeParser() {
          @Override
          public <S> StringBuilder visit(UserVariable var, S context) {
            builder.append(renderer.literal(vars.apply(var.getName())));
            return builder;
          }
        };
    expr.setBuilder(buf);
    return expr;
  }

  private Set<String> collectVariables(Select select) {
    Set<String> names = new TreeSet<>();
    deparse(
        select,
        new java.util.AbstractMap<>() {
          @Override
          public SqlValue get(Object key) {
            names.add((String) key);
            return new SqlValue.Null();
          }

          @Override
          public Set<Entry<String, SqlValue>> entrySet() {
            return Set.of();
          }
        },
        v -> "NULL");
    return java.util.Collections.unmodifiableSet(names);
  }

  private static void renameTables(
      Select select, java.util.function.UnaryOperator<List<String>> tables) {
    Set<String> cteNames = new java.util.HashSet<>();
    collectCteNames(select, cteNames);
    TablesNamesFinder<Void> finder =
        new TablesNamesFinder<>() {
          @Override
          public <S> Void visit(Table table, S context) {
            List<String> parts = new ArrayList<>();
            if (table.getDatabaseName() != null) {
              parts.add(unquote(table.getDatabaseName()));
            }
            if (table.getSchemaName() != null) {
              parts.add(unquote(table.getSchemaName()));
            }
            parts.add(unquote(table.getName()));
            boolean cte =
                parts.size() == 1
                    && cteNames.contains(parts.get(0).toLowerCase(java.util.Locale.ROOT));
            List<String> mapped = cte ? parts : tables.apply(parts);
            if (!mapped.equals(parts)) {
              int n = mapped.size();
              table.setName(quoteIfNeeded(mapped.get(n - 1)));
              table.setSchemaName(n >= 2 ? quoteIfNeeded(mapped.get(n - 2)) : null);
              table.setDatabaseName(n >= 3 ? quoteIfNeeded(mapped.get(n - 3)) : null);
            }
            return super.visit(table, context);
          }
        };
    finder.getTables((Statement) select);
  }

  /** A name part as SQL: plain lower-case identifiers bare, anything else double-quoted. */
  private static String quoteIfNeeded(String part) {
    return part.matches("[a-z_][a-z0-9_]*") ? part : "\"" + part.replace("\"", "\"\"") + "\"";
  }

  private static final Set<String> FILE_READERS =
      Set.of(
          "read_csv",
          "read_csv_auto",
          "read_parquet",
          "parquet_scan",
          "read_json",
          "read_json_auto",
          "read_ndjson",
          "read_ndjson_auto");

  private static Set<TableRef> findTables(Select select, Set<String> fileSources) {
    Set<String> cteNames = new java.util.HashSet<>();
    collectCteNames(select, cteNames);
    Set<TableRef> refs = new LinkedHashSet<>();
    TablesNamesFinder<Void> finder =
        new TablesNamesFinder<>() {
          @Override
          public <S> Void visit(TableFunction function, S context) {
            net.sf.jsqlparser.expression.Function f = function.getFunction();
            if (FILE_READERS.contains(f.getName().toLowerCase(java.util.Locale.ROOT))
                && f.getParameters() != null
                && !f.getParameters().isEmpty()
                && f.getParameters().get(0) instanceof StringValue path) {
              fileSources.add(fileSourceName(path.getValue()));
            }
            return super.visit(function, context);
          }
        };
    for (String name : finder.getTables((Statement) select)) {
      List<String> parts = new ArrayList<>();
      for (String p : name.split("\\.")) {
        parts.add(unquote(p));
      }
      if (parts.size() == 1 && cteNames.contains(parts.get(0).toLowerCase(java.util.Locale.ROOT))) {
        continue;
      }
      refs.add(new TableRef(parts));
    }
    return java.util.Collections.unmodifiableSet(refs);
  }

  /** {@code landing/orders/*.csv} -> {@code landing/orders}; a plain file path stays as it is. */
  static String fileSourceName(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    int wildcard = -1;
    for (int i = 0; i < p.length(); i++) {
      if ("*?[{".indexOf(p.charAt(i)) >= 0) {
        wildcard = i;
        break;
      }
    }
    if (wildcard < 0) {
      return p;
    }
    int slash = p.lastIndexOf('/', wildcard);
    return slash < 0 ? "." : p.substring(0, slash);
  }

  private static void collectCteNames(Select select, Set<String> names) {
    if (select.getWithItemsList() != null) {
      for (WithItem<?> w : select.getWithItemsList()) {
        names.add(unquote(w.getAlias().getName()).toLowerCase(java.util.Locale.ROOT));
      }
    }
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("`") && s.endsWith("`")))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static String stripTrailingSemicolon(String sql) {
    String t = sql.strip();
    while (t.endsWith(";")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }

  /** SHA-256 hex of a string. */
  public static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
