package io.t4t.core.sql;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.StringValue;

/**
 * The files a query reads through table functions such as {@code read_csv('landing/orders/*.csv')},
 * named by their folder: data-arrival events name these sources. Which table functions read files
 * is the engine's to say ({@code Dialect#fileReaders}), so the parse records every table function
 * called with a string literal first, and a reader set picks the file reads from them.
 */
final class FileSources {
  private FileSources() {}

  /**
   * Records, into {@code calls}, the source named by the first argument of each table function
   * called with a string literal first, under the function's lower-case name.
   */
  static Consumer<Function> collector(Map<String, Set<String>> calls) {
    return f -> {
      if (f.getParameters() != null
          && !f.getParameters().isEmpty()
          && f.getParameters().get(0) instanceof StringValue path) {
        calls
            .computeIfAbsent(f.getName().toLowerCase(Locale.ROOT), k -> new TreeSet<>())
            .add(sourceName(path.getValue()));
      }
    };
  }

  /** The sources of {@code calls} read by one of {@code readers} (lower-case function names). */
  static Set<String> readBy(Map<String, Set<String>> calls, Set<String> readers) {
    Set<String> sources = new TreeSet<>();
    calls.forEach(
        (function, read) -> {
          if (readers.contains(function)) {
            sources.addAll(read);
          }
        });
    return Collections.unmodifiableSet(sources);
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
