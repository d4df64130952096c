package io.t4t.core.sql;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;
import net.sf.jsqlparser.statement.select.Select;

/**
 * A model's SELECT, parsed: the entry point other packages use. Immutable: a render that needs the
 * tree (conditions, renames, variables) parses the text afresh; a model without variables keeps its
 * plain rendering.
 *
 * <p>The work is done by this package's helpers: {@code Parsing} (the parse and its errors), {@code
 * TableReferences}, {@code FileSources}, {@code FilterInjection} and {@code Variables}.
 */
public final class ModelSql {
  private final String where;
  private final String parserForm;
  private final String canonical;
  private final Set<TableRef> tableRefs;

  /** Table functions called with a string literal first: function -> the sources it names. */
  private final Map<String, Set<String>> pathCalls = new TreeMap<>();

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
    this.tableRefs = TableReferences.find(select, FileSources.collector(pathCalls));
    this.variables = Variables.of(select);
    this.plain = variables.isEmpty() ? Variables.render(where, select, Map.of(), null) : null;
  }

  /**
   * Parses model SQL.
   *
   * @param where the file name, for error messages
   */
  public static ModelSql parse(String where, String sql) {
    String parserForm = Templates.toParserForm(where, sql);
    return new ModelSql(where, parserForm, Parsing.select(where, parserForm));
  }

  /** The SQL with comments and formatting removed, as the parser prints it. */
  public String canonical() {
    return canonical;
  }

  /** SHA-256 of the canonical SQL, hex. */
  public String hash() {
    return Hashes.sha256(canonical);
  }

  /** Tables the model reads, excluding its own CTE names. */
  public Set<TableRef> tableRefs() {
    return tableRefs;
  }

  /**
   * Files the model reads with the table functions {@code fileReaders} (lower-case names, as a
   * dialect declares them, e.g. DuckDB's {@code read_csv}), named by the folder before the first
   * wildcard: {@code read_csv('landing/orders/*.csv')} reads source {@code landing/orders}.
   * Data-arrival events name these sources.
   */
  public Set<String> fileSources(Set<String> fileReaders) {
    return FileSources.readBy(pathCalls, fileReaders);
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
   * The SQL with variables rendered and the conditions ANDed into the outermost query, as {@code
   * FilterInjection} describes: into its WHERE where that filters the same rows, else around it.
   */
  public String render(List<Condition> conditions, Map<String, SqlValue> vars, ValueRenderer r) {
    return render(conditions, vars, r, null, null);
  }

  /**
   * As {@link #render(List, Map, ValueRenderer)}, with table references renamed by {@code tables}
   * (given and returning the unquoted name parts, e.g. {@code [db, name]} to {@code [main, name]}),
   * for engines whose name rules differ from the project's; null keeps every name. A new name part
   * that is not a plain lower-case identifier is quoted by the dialect.
   */
  public <D extends ValueRenderer & IdentifierQuoter> String render(
      List<Condition> conditions,
      Map<String, SqlValue> vars,
      D dialect,
      UnaryOperator<List<String>> tables) {
    return render(conditions, vars, dialect, dialect, tables);
  }

  private String render(
      List<Condition> conditions,
      Map<String, SqlValue> vars,
      ValueRenderer renderer,
      IdentifierQuoter quoter,
      UnaryOperator<List<String>> tables) {
    if (tables == null && conditions.isEmpty() && plain != null) {
      return plain;
    }
    Select select = Parsing.select(where, parserForm); // a fresh tree to change
    if (tables != null) {
      TableReferences.rename(select, tables, quoter);
    }
    if (!conditions.isEmpty()) {
      select = FilterInjection.inject(select, conditions);
    }
    return Variables.render(where, select, vars, renderer);
  }

  /**
   * Parses and renders a standalone condition (a delete_insert {@code where_condition}) with its
   * variables as typed literals.
   */
  public static String renderCondition(
      String where, String condition, Map<String, SqlValue> vars, ValueRenderer renderer) {
    return Variables.render(where, Parsing.condition(where, condition), vars, renderer);
  }

  /** The variables a standalone condition uses. */
  public static Set<String> conditionVariables(String where, String condition) {
    return Variables.of(Parsing.condition(where, condition));
  }
}
