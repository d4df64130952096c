package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;

/**
 * A model's name, {@code schema.name}, from its file path {@code models/<schema>/<name>.sql}. Names
 * are plain identifiers compared case-insensitively and stored lower-case.
 */
public record ModelName(String schema, String name) implements Comparable<ModelName> {

  public ModelName {
    schema = schema.toLowerCase(java.util.Locale.ROOT);
    name = name.toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses {@code schema.name} strictly. */
  public static ModelName parse(String text) {
    String[] parts = text == null ? new String[0] : text.split("\\.", -1);
    if (parts.length != 2 || !Names.isIdentifier(parts[0]) || !Names.isIdentifier(parts[1])) {
      throw new InvalidInputException(
          "Invalid model name '" + text + "' (expected schema.name, e.g. my_schema.orders)");
    }
    return new ModelName(parts[0], parts[1]);
  }

  @Override
  public int compareTo(ModelName o) {
    // the order of "schema.name" strings, without building them (a large project sorts often)
    int n = schema.length() + 1 + name.length();
    int m = o.schema.length() + 1 + o.name.length();
    for (int i = 0; i < Math.min(n, m); i++) {
      char a = charAt(i);
      char b = o.charAt(i);
      if (a != b) {
        return a - b;
      }
    }
    return n - m;
  }

  private char charAt(int i) {
    int s = schema.length();
    return i < s ? schema.charAt(i) : i == s ? '.' : name.charAt(i - s - 1);
  }

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
