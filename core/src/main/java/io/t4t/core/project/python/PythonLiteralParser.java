package io.t4t.core.project.python;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.python.PythonLexer.Kind;
import io.t4t.core.project.python.PythonLexer.Token;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses a metadata file into its top-level bindings. Values are {@link Map} (insertion-ordered,
 * string keys), {@link List}, {@link String}, {@link Long}, {@link BigDecimal}, {@link Boolean} or
 * {@code null}.
 *
 * <p>A hand-written recursive-descent parser of the literal subset of Python described in {@code
 * package-info} (tokens come from {@link PythonLexer}): no library parses that subset without
 * executing Python, and each rule reports its own error with the file and line, which is why this
 * file is longer than most.
 */
public final class PythonLiteralParser {

  private final String file;
  private final List<Token> tokens;
  private int pos;

  private PythonLiteralParser(String file, String source) {
    this.file = file;
    this.tokens = new PythonLexer(file, source).tokens();
  }

  /**
   * Parses {@code source} and returns its bindings in file order.
   *
   * @param file the file name used in error messages
   */
  public static Map<String, Object> parse(String file, String source) {
    return new PythonLiteralParser(file, source).module();
  }

  private Map<String, Object> module() {
    Map<String, Object> bindings = new LinkedHashMap<>();
    while (peek().kind() != Kind.END) {
      if (peek().kind() == Kind.NEWLINE) {
        pos++;
        continue;
      }
      statement(bindings);
    }
    return bindings;
  }

  private void statement(Map<String, Object> bindings) {
    Token first = next();
    if (first.kind() == Kind.NAME && first.text().equals("import")) {
      dottedName();
      if (peekIs(Kind.NAME, "as")) {
        pos++;
        expect(Kind.NAME, "a name after 'as'");
      }
      endOfStatement();
      return;
    }
    if (first.kind() == Kind.NAME && first.text().equals("from")) {
      dottedName();
      Token imp = next();
      if (imp.kind() != Kind.NAME || !imp.text().equals("import")) {
        throw error(imp, "expected 'import'");
      }
      do {
        expect(Kind.NAME, "a name to import");
        if (peekIs(Kind.NAME, "as")) {
          pos++;
          expect(Kind.NAME, "a name after 'as'");
        }
      } while (acceptOp(","));
      endOfStatement();
      return;
    }
    if (first.kind() != Kind.NAME || isKeyword(first.text())) {
      throw error(
          first,
          "only imports and assignments of literal values are allowed (found "
              + describe(first)
              + ")");
    }
    if (acceptOp(":")) {
      dottedName(); // the annotation, e.g. ModelMetadata
    }
    Token eq = next();
    if (eq.kind() != Kind.OP || !eq.text().equals("=")) {
      throw error(eq, "expected '=' after '" + first.text() + "' (found " + describe(eq) + ")");
    }
    Object value = value(bindings);
    endOfStatement();
    bindings.put(first.text(), value);
  }

  private Object value(Map<String, Object> bindings) {
    Token t = next();
    switch (t.kind()) {
      case STRING:
        {
          StringBuilder s = new StringBuilder((String) t.value());
          while (peek().kind() == Kind.STRING) { // adjacent literals concatenate, as in Python
            s.append((String) next().value());
          }
          return s.toString();
        }
      case NUMBER:
        return t.value();
      case OP:
        if (t.text().equals("-") && peek().kind() == Kind.NUMBER) {
          Object n = next().value();
          return n instanceof Long l ? (Object) (-l) : ((BigDecimal) n).negate();
        }
        if (t.text().equals("{")) {
          return dict(bindings);
        }
        if (t.text().equals("[")) {
          return sequence(bindings, "]");
        }
        if (t.text().equals("(")) {
          return sequence(bindings, ")");
        }
        throw error(t, "expected a literal value (found " + describe(t) + ")");
      case NAME:
        switch (t.text()) {
          case "True":
            return Boolean.TRUE;
          case "False":
            return Boolean.FALSE;
          case "None":
            return null;
          default:
            if (peek().kind() == Kind.OP
                && (peek().text().equals("(") || peek().text().equals("."))) {
              throw error(t, "calls and attribute access are not allowed in metadata");
            }
            if (!bindings.containsKey(t.text())) {
              throw error(t, "name '" + t.text() + "' is not bound earlier in the file");
            }
            return bindings.get(t.text());
        }
      default:
        throw error(t, "expected a literal value (found " + describe(t) + ")");
    }
  }

  private Map<String, Object> dict(Map<String, Object> bindings) {
    Map<String, Object> map = new LinkedHashMap<>();
    while (!acceptOp("}")) {
      Token keyToken = peek();
      Object key = value(bindings);
      if (!(key instanceof String k)) {
        throw error(keyToken, "dict keys must be strings (found " + describe(keyToken) + ")");
      }
      Token colon = next();
      if (colon.kind() != Kind.OP || !colon.text().equals(":")) {
        throw error(colon, "expected ':' after key '" + k + "'");
      }
      if (map.containsKey(k)) {
        throw error(keyToken, "duplicate key '" + k + "'");
      }
      map.put(k, value(bindings));
      if (!acceptOp(",")) {
        Token close = next();
        if (close.kind() != Kind.OP || !close.text().equals("}")) {
          throw error(close, "expected ',' or '}' in dict (found " + describe(close) + ")");
        }
        break;
      }
    }
    return Collections.unmodifiableMap(map);
  }

  private List<Object> sequence(Map<String, Object> bindings, String close) {
    List<Object> list = new ArrayList<>();
    while (!acceptOp(close)) {
      list.add(value(bindings));
      if (!acceptOp(",")) {
        Token end = next();
        if (end.kind() != Kind.OP || !end.text().equals(close)) {
          throw error(end, "expected ',' or '" + close + "' (found " + describe(end) + ")");
        }
        break;
      }
    }
    return Collections.unmodifiableList(list);
  }

  private void dottedName() {
    expect(Kind.NAME, "a name");
    while (acceptOp(".")) {
      expect(Kind.NAME, "a name after '.'");
    }
  }

  private void endOfStatement() {
    Token t = peek();
    if (t.kind() == Kind.NEWLINE || t.kind() == Kind.END) {
      if (t.kind() == Kind.NEWLINE) {
        pos++;
      }
      return;
    }
    throw error(t, "expected the end of the line (found " + describe(t) + ")");
  }

  private Token expect(Kind kind, String what) {
    Token t = next();
    if (t.kind() != kind) {
      throw error(t, "expected " + what + " (found " + describe(t) + ")");
    }
    return t;
  }

  private boolean acceptOp(String op) {
    if (peek().kind() == Kind.OP && peek().text().equals(op)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean peekIs(Kind kind, String text) {
    return peek().kind() == kind && peek().text().equals(text);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind() != Kind.END) {
      pos++;
    }
    return t;
  }

  private static boolean isKeyword(String s) {
    return switch (s) {
      case "def",
          "class",
          "if",
          "else",
          "elif",
          "for",
          "while",
          "return",
          "lambda",
          "with",
          "try",
          "except",
          "finally",
          "raise",
          "del",
          "global",
          "nonlocal",
          "assert",
          "pass",
          "yield",
          "async",
          "await",
          "True",
          "False",
          "None" ->
          true;
      default -> false;
    };
  }

  private static String describe(Token t) {
    return switch (t.kind()) {
      case END -> "the end of the file";
      case NEWLINE -> "the end of the line";
      case STRING -> "a string";
      default -> "'" + t.text() + "'";
    };
  }

  private InvalidInputException error(Token t, String message) {
    return new InvalidInputException(
        "Invalid metadata in " + file + " line " + t.line() + ": " + message + ".");
  }
}
