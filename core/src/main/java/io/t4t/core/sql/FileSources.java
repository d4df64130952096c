package io.t4t.core.sql;

import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;

/**
 * The files a query reads through table functions such as {@code read_csv('landing/orders/*.csv')},
 * named by their folder: data-arrival events name these sources.
 */
final class FileSources {
  static final Set<String> READERS =
      Set.of(
          "read_csv",
          "read_csv_auto",
          "read_parquet",
          "parquet_scan",
          "read_json",
          "read_json_auto",
          "read_ndjson",
          "read_ndjson_auto");

  private FileSources() {}

  /**
   * Collects, into {@code sources}, the source of each call to one of {@code readers} (lower-case
   * table function names) whose first argument is a string literal.
   */
  static Consumer<Function> collector(Set<String> readers, Set<String> sources) {
    return f -> {
      if (readers.contains(f.getName().toLowerCase(Locale.ROOT))
          && f.getParameters() != null
          && !f.getParameters().isEmpty()
          && f.getParameters().get(0) instanceof StringValue path) {
        sources.add(sourceName(path.getValue()));
      }
    };
  }

  /** {@code landing/orders/*.csv} -> {@code landing/orders}; a plain file path stays as it is. */
  static String sourceName(String path) {
    String p = path.replace('\\', '/');
    while (p.startsWith("./")) {
      p = p.substring(2);
    }
    int wildcard = -1;
    for (int i = 0; i < p.length(); i++) {
      if ("*?[{".indexOf(p.charAt(i)) >= 0) {
        wildcard = i;
        break;
      }
    }
    if (wildcard < 0) {
      return p;
    }
    int slash = p.lastIndexOf('/', wildcard);
    return slash < 0 ? "." : p.substring(0, slash);
  }
}
