package io.t4t.core.plan;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What the warehouse holds under a model's name.
 *
 * @param kind table, view or nothing
 * @param columns column names in table order (empty unless a table)
 * @param types the engine's type name per column, same order
 * @param empty true when the table has no rows; for a table described without asking ({@link
 *     Catalog#describe(io.t4t.core.dialect.TableName, Kind, boolean)}), false
 */
public record TargetInfo(Kind kind, List<String> columns, List<String> types, boolean empty) {
  public enum Kind {
    NONE,
    TABLE,
    VIEW
  }

  public static final TargetInfo NONE = new TargetInfo(Kind.NONE, List.of(), List.of(), true);

  public TargetInfo {
    columns = List.copyOf(columns);
    types = List.copyOf(types);
  }

  /** The engine's type of {@code column}, matched case-insensitively. */
  public Optional<String> typeOf(String column) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT))) {
        return Optional.of(types.get(i));
      }
    }
    return Optional.empty();
  }

  /** The column's name as the table spells it. */
  public Optional<String> column(String column) {
    return columns.stream().filter(c -> c.equalsIgnoreCase(column)).findFirst();
  }
}
