package io.t4t.core.project.python;

import io.t4t.core.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Python tokens for {@link PythonLiteralParser}, with implicit line joining inside brackets. */
final class PythonLexer {
  enum Kind {
    NAME,
    STRING,
    NUMBER,
    OP,
    NEWLINE,
    END
  }

  record Token(Kind kind, String text, Object value, int line) {}

  private final String file;
  private final String src;
  private int i;
  private int line = 1;
  private int depth;
  private final List<Token> out = new ArrayList<>();

  PythonLexer(String file, String src) {
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
