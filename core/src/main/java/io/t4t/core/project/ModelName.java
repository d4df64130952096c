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
    return toString().compareTo(o.toString());
  }

  @Override
  public String toString() {
    return schema + "." + name;
  }
}
