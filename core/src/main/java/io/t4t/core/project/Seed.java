package io.t4t.core.project;

import java.nio.file.Path;
import java.util.List;

/**
 * A CSV file under {@code seeds/<schema>/<table>.csv}, loaded by {@code t4t seed}.
 *
 * @param tests the data tests of {@code seeds/<schema>/<table>.py} beside the CSV (its {@code
 *     metadata = {"tests": [...]}}), or none
 */
public record Seed(String schema, String table, Path file, List<DataTest> tests) {
  public Seed {
    tests = List.copyOf(tests);
  }

  /** A seed without tests. */
  public Seed(String schema, String table, Path file) {
    this(schema, table, file, List.of());
  }

  /** The seed's table as a name tests and messages use: {@code schema.table}. */
  public ModelName name() {
    return new ModelName(schema, table);
  }
}
