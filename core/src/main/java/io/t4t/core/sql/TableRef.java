package io.t4t.core.sql;

import java.util.List;
import java.util.Locale;

/** A table reference read from model SQL: one to three name parts, lower-cased, unquoted. */
public record TableRef(List<String> parts) {
  public TableRef {
    parts = parts.stream().map(p -> p.toLowerCase(Locale.ROOT)).toList();
  }

  public String name() {
    return parts.get(parts.size() - 1);
  }

  @Override
  public String toString() {
    return String.join(".", parts);
  }
}
