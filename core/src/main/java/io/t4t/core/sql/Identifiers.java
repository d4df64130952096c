package io.t4t.core.sql;

import java.util.regex.Pattern;

/** The plain SQL identifiers t4t accepts for schemas, models, columns and variables. */
public final class Identifiers {
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private Identifiers() {}

  /** True when {@code s} is a letter or underscore followed by letters, digits and underscores. */
  public static boolean isPlain(String s) {
    return s != null && PLAIN.matcher(s).matches();
  }

  /** A name part as written in SQL, without its double quotes or backticks. */
  static String unquote(String s) {
    if (s.length() >= 2
        && ((s.startsWith("\"") && s.endsWith("\"")) || (s.startsWith("`") && s.endsWith("`")))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }
}
