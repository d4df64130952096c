package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;
import java.util.List;
import java.util.Locale;

/**
 * A data test declared in a model's (or seed's) metadata under {@code tests}. Each test describes
 * the rows that fail it; {@code io.t4t.core.audit} compiles it to a query returning those rows.
 * Tests are not part of a model's config hash: adding one never rebuilds a table.
 */
public sealed interface DataTest {
  Severity severity();

  /** How the test is named in results and messages, e.g. {@code not_null(id, amount)}. */
  String label();

  /** {@code error} (the default) blocks: the run fails; {@code warn} records and goes on. */
  enum Severity {
    ERROR,
    WARN;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** Strict and case-insensitive. */
    public static Severity fromName(String name) {
      for (Severity s : values()) {
        if (s.wireName().equalsIgnoreCase(name)) {
          return s;
        }
      }
      throw new InvalidInputException(
          "Unknown test severity: '" + name + "' (expected one of error, warn)");
    }
  }

  /** Rows where any of {@code columns} is NULL. */
  record NotNull(List<String> columns, Severity severity) implements DataTest {
    @Override
    public String label() {
      return "not_null(" + String.join(", ", columns) + ")";
    }
  }

  /** Values of {@code columns} (combined) held by more than one row; NULLs are not compared. */
  record Unique(List<String> columns, Severity severity) implements DataTest {
    @Override
    public String label() {
      return "unique(" + String.join(", ", columns) + ")";
    }
  }

  /** Values of {@code column} outside {@code values} (numbers or text); NULL is accepted. */
  record AcceptedValues(String column, List<Object> values, Severity severity) implements DataTest {
    @Override
    public String label() {
      return "accepted_values(" + column + ")";
    }
  }

  /** Values of {@code column} with no row in {@code to} whose {@code field} equals them. */
  record Relationships(String column, ModelName to, String field, Severity severity)
      implements DataTest {
    @Override
    public String label() {
      return "relationships(" + column + " -> " + to + "." + field + ")";
    }
  }

  /**
   * A SELECT whose rows are failures. It reads the model by its name; in an audit before publish
   * those reads see the batch being written instead.
   */
  record CustomSql(String name, String sql, Severity severity) implements DataTest {
    @Override
    public String label() {
      return "sql(" + name + ")";
    }
  }
}
