package io.t4t.core.project.python;

import io.t4t.core.error.InvalidInputException;
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
 */
public final class PythonLiteralParser {

  private enum Kind {
    NAME,
    STRING,
    NUMBER,
    OP,
    NEWLINE,
    END
  }

  private record Token(Kind kind, String text, Object value, int line) {}

  private final String file;
  private final List<Token> tokens;
  private int pos;

  private PythonLiteralParser(String file, String source) {
    this.file = file;
    this.tokens = new Lexer(file, source).tokens();
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
    while (peek().kind != Kind.END) {
      if (peek().kind == Kind.NEWLINE) {
        pos++;
        continue;
      }
      statement(bindings);
    }
    return bindings;
  }

  private void statement(Map<String, Object> bindings) {
    Token first = next();
    if (first.kind == Kind.NAME && first.text.equals("import")) {
      dottedName();
      if (peekIs(Kind.NAME, "as")) {
        pos++;
        expect(Kind.NAME, "a name after 'as'");
      }
      endOfStatement();
      return;
    }
    if (first.kind == Kind.NAME && first.text.equals("from")) {
      dottedName();
      Token imp = next();
      if (imp.kind != Kind.NAME || !imp.text.equals("import")) {
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
    if (first.kind != Kind.NAME || isKeyword(first.text)) {
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
    if (eq.kind != Kind.OP || !eq.text.equals("=")) {
      throw error(eq, "expected '=' after '" + first.text + "' (found " + describe(eq) + ")");
    }
    Object value = value(bindings);
    endOfStatement();
    bindings.put(first.text, value);
  }

  private Object value(Map<String, Object> bindings) {
    Token t = next();
    switch (t.kind) {
      case STRING:
        {
          StringBuilder s = new StringBuilder((String) t.value);
          while (peek().kind == Kind.STRING) { // adjacent literals concatenate, as in Python
            s.append((String) next().value);
          }
          return s.toString();
        }
      case NUMBER:
        return t.value;
      case OP:
        if (t.text.equals("-") && peek().kind == Kind.NUMBER) {
          Object n = next().value;
          return n instanceof Long l ? (Object) (-l) : ((BigDecimal) n).negate();
        }
        if (t.text.equals("{")) {
          return dict(bindings);
        }
        if (t.text.equals("[")) {
          return sequence(bindings, "]");
        }
        if (t.text.equals("(")) {
          return sequence(bindings, ")");
        }
        throw error(t, "expected a literal value (found " + describe(t) + ")");
      case NAME:
        switch (t.text) {
          case "True":
            return Boolean.TRUE;
          case "False":
            return Boolean.FALSE;
          case "None":
            return null;
          default:
            if (peek().kind == Kind.OP && (peek().text.equals("(") || peek().text.equals("."))) {
              throw error(t, "calls and attribute access are not allowed in metadata");
            }
            if (!bindings.containsKey(t.text)) {
              throw error(t, "name '" + t.text + "' is not bound earlier in the file");
            }
            return bindings.get(t.text);
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
      if (colon.kind != Kind.OP || !colon.text.equals(":")) {
        throw error(colon, "expected ':' after key '" + k + "'");
      }
      if (map.containsKey(k)) {
        throw error(keyToken, "duplicate key '" + k + "'");
      }
      map.put(k, value(bindings));
      if (!acceptOp(",")) {
        Token close = next();
        if (close.kind != Kind.OP || !close.text.equals("}")) {
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
        if (end.kind != Kind.OP || !end.text.equals(close)) {
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
    if (t.kind == Kind.NEWLINE || t.kind == Kind.END) {
      if (t.kind == Kind.NEWLINE) {
        pos++;
      }
      return;
    }
    throw error(t, "expected the end of the line (found " + describe(t) + ")");
  }

  private Token expect(Kind kind, String what) {
    Token t = next();
    if (t.kind != kind) {
      throw error(t, "expected " + what + " (found " + describe(t) + ")");
    }
    return t;
  }

  private boolean acceptOp(String op) {
    if (peek().kind == Kind.OP && peek().text.equals(op)) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean peekIs(Kind kind, String text) {
    return peek().kind == kind && peek().text.equals(text);
  }

  private Token peek() {
    return tokens.get(pos);
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind != Kind.END) {
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
    return switch (t.kind) {
      case END -> "the end of the file";
      case NEWLINE -> "the end of the line";
      case STRING -> "a string";
      default -> "'" + t.text + "'";
    };
  }

  private InvalidInputException error(Token t, String message) {
    return new InvalidInputException(
        "Invalid metadata in " + file + " line " + t.line + ": " + message + ".");
  }

  /** Python tokens with implicit line joining inside brackets. */
  private static final class Lexer {
    private final String file;
    private final String src;
    private int i;
    private int line = 1;
    private int depth;
    private final List<Token> out = new ArrayList<>();

    Lexer(String file, String src) {
      this.file = file;
      this.src = src;
    }

    List<Token> tokens() {
      while (i < src.length()) {
        char c = src.charAt(i);
        if (c == '\n') {
          if (depth == 0) {
            out.add(new Token(Kind.NEWLINE, "\n", null, line));
          }
          line++;
          i++;
        } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f') {
          i++;
        } else if (c == '\\' && i + 1 < src.length() && src.charAt(i + 1) == '\n') {
          i += 2;
          line++;
        } else if (c == '#') {
          while (i < src.length() && src.charAt(i) != '\n') {
            i++;
          }
        } else if (c == '"' || c == '\'' || isStringPrefix(c)) {
          string();
        } else if (Character.isDigit(c)
            || (c == '.' && i + 1 < src.length() && Character.isDigit(src.charAt(i + 1)))) {
          number();
        } else if (Character.isLetter(c) || c == '_') {
          int start = i;
          while (i < src.length()
              && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '_')) {
            i++;
          }
          out.add(new Token(Kind.NAME, src.substring(start, i), null, line));
        } else if ("{}[]():,=.-".indexOf(c) >= 0) {
          if ("{[(".indexOf(c) >= 0) {
            depth++;
          } else if ("}])".indexOf(c) >= 0) {
            depth = Math.max(0, depth - 1);
          }
          out.add(new Token(Kind.OP, String.valueOf(c), null, line));
          i++;
        } else {
          throw new InvalidInputException(
              "Invalid metadata in "
                  + file
                  + " line "
                  + line
                  + ": unexpected character '"
                  + c
                  + "'; only literal dicts, lists, strings, numbers, True, False and None are allowed.");
        }
      }
      out.add(new Token(Kind.END, "", null, line));
      return out;
    }

    private boolean isStringPrefix(char c) {
      if ("rRbBuUfF".indexOf(c) < 0 || i + 1 >= src.length()) {
        return false;
      }
      char n = src.charAt(i + 1);
      return n == '"' || n == '\'';
    }

    private void string() {
      int startLine = line;
      boolean raw = false;
      char c = src.charAt(i);
      if (c != '"' && c != '\'') {
        if (c == 'f' || c == 'F' || c == 'b' || c == 'B') {
          throw new InvalidInputException(
              "Invalid metadata in "
                  + file
                  + " line "
                  + line
                  + ": f-strings and byte strings are not allowed; use a plain string.");
        }
        raw = c == 'r' || c == 'R';
        i++;
      }
      char quote = src.charAt(i);
      boolean triple = src.startsWith(String.valueOf(quote).repeat(3), i);
      i += triple ? 3 : 1;
      StringBuilder sb = new StringBuilder();
      while (true) {
        if (i >= src.length()) {
          throw new InvalidInputException(
              "Invalid metadata in " + file + " line " + startLine + ": unterminated string.");
        }
        char ch = src.charAt(i);
        if (triple ? src.startsWith(String.valueOf(quote).repeat(3), i) : ch == quote) {
          i += triple ? 3 : 1;
          break;
        }
        if (ch == '\n') {
          if (!triple) {
            throw new InvalidInputException(
                "Invalid metadata in " + file + " line " + startLine + ": unterminated string.");
          }
          line++;
        }
        if (ch == '\\' && !raw && i + 1 < src.length()) {
          char e = src.charAt(i + 1);
          i += 2;
          switch (e) {
            case 'n' -> sb.append('\n');
            case 't' -> sb.append('\t');
            case 'r' -> sb.append('\r');
            case 'a' -> sb.append('\u0007');
            case 'b' -> sb.append('\b');
            case 'f' -> sb.append('\f');
            case 'v' -> sb.append('\u000b');
            case '\\' -> sb.append('\\');
            case '\'' -> sb.append('\'');
            case '"' -> sb.append('"');
            case '\n' -> line++;
            case 'x' -> sb.appendCodePoint(hex(2, startLine));
            case 'u' -> sb.appendCodePoint(hex(4, startLine));
            case 'U' -> sb.appendCodePoint(hex(8, startLine));
            case '0', '1', '2', '3', '4', '5', '6', '7' -> {
              int value = e - '0';
              for (int k = 0;
                  k < 2 && i < src.length() && src.charAt(i) >= '0' && src.charAt(i) <= '7';
                  k++) {
                value = value * 8 + (src.charAt(i++) - '0');
              }
              sb.append((char) value);
            }
            case 'N' ->
                throw new InvalidInputException(
                    "Invalid metadata in "
                        + file
                        + " line "
                        + startLine
                        + ": named escapes (\\N{...}) are not supported; write the character itself");
            default -> sb.append('\\').append(e); // Python keeps unknown escapes as written
          }
          continue;
        }
        sb.append(ch);
        i++;
      }
      out.add(new Token(Kind.STRING, "\"", sb.toString(), startLine));
    }

    private int hex(int digits, int startLine) {
      String h = i + digits <= src.length() ? src.substring(i, i + digits) : "";
      if (!h.matches("[0-9a-fA-F]{" + digits + "}")) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + " line "
                + startLine
                + ": a \\x, \\u or \\U escape needs "
                + digits
                + " hex digits");
      }
      i += digits;
      int cp = Integer.parseInt(h, 16);
      if (!Character.isValidCodePoint(cp)) {
        throw new InvalidInputException(
            "Invalid metadata in " + file + " line " + startLine + ": no character U+" + h);
      }
      return cp;
    }

    private void number() {
      int start = i;
      while (i < src.length()
          && (Character.isLetterOrDigit(src.charAt(i))
              || src.charAt(i) == '.'
              || src.charAt(i) == '_'
              || ((src.charAt(i) == '+' || src.charAt(i) == '-')
                  && (src.charAt(i - 1) == 'e' || src.charAt(i - 1) == 'E')))) {
        i++;
      }
      String text = src.substring(start, i).replace("_", "");
      try {
        Object value = text.matches("\\d+") ? (Object) Long.parseLong(text) : new BigDecimal(text);
        out.add(new Token(Kind.NUMBER, text, value, line));
      } catch (NumberFormatException e) {
        throw new InvalidInputException(
            "Invalid metadata in " + file + " line " + line + ": '" + text + "' is not a number.");
      }
    }
  }
}
