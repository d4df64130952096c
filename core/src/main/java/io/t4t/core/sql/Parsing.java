package io.t4t.core.sql;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.error.Messages;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.parser.CCJSqlParser;
import net.sf.jsqlparser.parser.CCJSqlParserConstants;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.Select;

/** Parses model SQL and standalone conditions (in the parser's variable form) with JSqlParser. */
final class Parsing {
  private Parsing() {}

  /**
   * Parses one SELECT (a trailing semicolon allowed).
   *
   * @param where the file name, for error messages
   */
  static Select select(String where, String text) {
    if (holdsNoStatement(stripTrailingSemicolon(text))) {
      throw new InvalidInputException(
          "Invalid SQL in "
              + where
              + ": the file holds no statement (only whitespace or comments); a model is one"
              + " SELECT statement: write it, or delete the file");
    }
    Statement statement;
    try {
      statement = statement(stripTrailingSemicolon(text));
    } catch (JSQLParserException e) {
      throw new InvalidInputException(
          "Invalid SQL in "
              + where
              + ": "
              + detail(e)
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

  /** Parses a delete_insert {@code where_condition} written in {@code where}. */
  static Expression condition(String where, String condition) {
    try {
      return CCJSqlParserUtil.parseCondExpression(Templates.toParserForm(where, condition), false);
    } catch (JSQLParserException e) {
      throw new InvalidInputException(
          "Invalid where_condition '" + condition + "' in " + where + ": " + detail(e), e);
    }
  }

  private static String detail(JSQLParserException e) {
    return Messages.firstLine(e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
  }

  /**
   * Parses on the calling thread. {@code CCJSqlParserUtil.parse} runs every parse on a fresh thread
   * with a timeout (about 4x the cost); it is only the fallback, for its second, "complex" parsing
   * pass and its error messages.
   */
  private static Statement statement(String text) throws JSQLParserException {
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

  private static String stripTrailingSemicolon(String sql) {
    String t = sql.strip();
    while (t.endsWith(";")) {
      t = t.substring(0, t.length() - 1).strip();
    }
    return t;
  }
}
