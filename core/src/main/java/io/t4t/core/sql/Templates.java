package io.t4t.core.sql;

/**
 * Rewrites {@code {{ name }}} markers to the parser's variable form {@code @name}, outside string
 * literals, quoted identifiers and comments. The values themselves are never placed in the text:
 * the parser sees a variable node, and the dialect renders its typed value when the statement is
 * deparsed.
 */
final class Templates {
  private Templates() {}

  static String toParserForm(String where, String sql) {
    StringBuilder out = new StringBuilder(sql.length());
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"') {
        int end = i + 1;
        while (end < n) {
          if (sql.charAt(end) == c) {
            if (end + 1 < n && sql.charAt(end + 1) == c) {
              end += 2;
              continue;
            }
            break;
          }
          end++;
        }
        int stop = Math.min(n, end + 1);
        out.append(sql, i, stop);
        i = stop;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(sql, i, end);
        i = end;
      } else if (c == '{' && i + 1 < n && sql.charAt(i + 1) == '{') {
        int end = sql.indexOf("}}", i + 2);
        if (end < 0) {
          throw new io.t4t.core.error.InvalidInputException(
              "Invalid SQL in " + where + ": '{{' without a closing '}}'");
        }
        String name = sql.substring(i + 2, end).trim();
        if (!Identifiers.isPlain(name)) {
          throw new io.t4t.core.error.InvalidInputException(
              "Invalid variable '{{ " + name + " }}' in " + where + " (expected {{ name }})");
        }
        out.append('@').append(name);
        i = end + 2;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
