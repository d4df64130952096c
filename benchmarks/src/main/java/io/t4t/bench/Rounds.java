package io.t4t.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The timings of a benchmark's variants over rounds, the check that every variant produced the same
 * table, and the medians and ratios printed at the end.
 */
final class Rounds {
  private final Map<String, List<Double>> times = new LinkedHashMap<>();
  private String table;

  void add(String variant, double seconds) {
    times.computeIfAbsent(variant, k -> new ArrayList<>()).add(seconds);
  }

  /** Records the table a variant produced (a count and a content hash); all must agree. */
  void sameTable(String variant, String summary) {
    if (table == null) {
      table = summary;
    } else if (!table.equals(summary)) {
      throw new IllegalStateException(variant + " produced a different table: " + summary);
    }
  }

  /** The summary every variant produced. */
  String table() {
    return table;
  }

  double median(String variant) {
    return DuckDbStrategyBenchmark.median(times.get(variant));
  }

  /** One line per variant: its median and every run, in seconds. */
  void printMedians(int width) {
    printMedians(width, 1, "s");
  }

  /**
   * The same, each time multiplied by {@code scale} and printed with two decimals in {@code unit}.
   */
  void printMedians(int width, double scale, String unit) {
    System.out.printf(
        "%-" + width + "s %10s   %s%n", "variant", "median " + unit, "all runs (" + unit + ")");
    for (Map.Entry<String, List<Double>> e : times.entrySet()) {
      System.out.printf(
          "%-" + width + "s %10.2f   %s%n",
          e.getKey(),
          DuckDbStrategyBenchmark.median(e.getValue()) * scale,
          String.join(
              ", ", e.getValue().stream().map(v -> String.format("%.2f", v * scale)).toList()));
    }
  }

  /** {@code label r.rrx}: the median of {@code numerator} over that of {@code denominator}. */
  void ratio(String numerator, String denominator, String label) {
    System.out.printf("%-62s %6.2fx%n", label, median(numerator) / median(denominator));
  }
}
