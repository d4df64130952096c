package io.t4t.core.project;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import io.t4t.core.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads the {@code tests} list of a model's or seed's metadata: each entry is a dict naming its
 * kind under {@code test} and bound strictly to that kind's record (its components are the keys
 * allowed), so a misspelt test or key fails naming the file, the entry and what is allowed.
 */
final class TestsReader {
  private TestsReader() {}

  record NotNullSpec(
      String test,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> columns,
      String severity) {}

  record UniqueSpec(
      String test,
      @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> columns,
      String severity) {}

  record AcceptedValuesSpec(String test, String column, List<JsonNode> values, String severity) {}

  record RelationshipsSpec(String test, String column, String to, String field, String severity) {}

  record SqlSpec(String test, String name, String sql, String severity) {}

  /** The record each test kind binds to. */
  static final Map<String, Class<?>> KINDS =
      Map.of(
          "not_null", NotNullSpec.class,
          "unique", UniqueSpec.class,
          "accepted_values", AcceptedValuesSpec.class,
          "relationships", RelationshipsSpec.class,
          "sql", SqlSpec.class);

  /** The test kinds, in the order messages list them. */
  private static final List<String> ORDER =
      List.of("not_null", "unique", "accepted_values", "relationships", "sql");

  /** The tests of {@code node} (null or absent: none). */
  static List<DataTest> read(String file, JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray()) {
      throw invalid(file, "'tests' must be a list of dicts, not " + MetadataSchema.typeName(node));
    }
    List<DataTest> tests = new ArrayList<>();
    for (int i = 0; i < node.size(); i++) {
      tests.add(one(file, "tests[" + i + "]", node.get(i)));
    }
    return List.copyOf(tests);
  }

  private static DataTest one(String file, String where, JsonNode entry) {
    if (!entry.isObject()) {
      throw invalid(
          file,
          "'" + where + "' must be a dict such as {\"test\": \"not_null\", \"columns\": [\"id\"]}");
    }
    JsonNode kindNode = entry.get("test");
    if (kindNode == null || !kindNode.isTextual()) {
      throw invalid(file, "'" + where + "' needs 'test' (one of " + String.join(", ", ORDER) + ")");
    }
    String kind = kindNode.asText().toLowerCase(Locale.ROOT);
    Class<?> type = KINDS.get(kind);
    if (type == null) {
      throw invalid(
          file,
          "unknown test '"
              + kindNode.asText()
              + "' in '"
              + where
              + "' (allowed: "
              + String.join(", ", ORDER)
              + ")");
    }
    Object spec = StrictBinding.bind(entry, type, problem(file, where, kind));
    if (spec instanceof NotNullSpec s) {
      return new DataTest.NotNull(
          columns(file, where, s.columns()), severity(file, where, s.severity()));
    }
    if (spec instanceof UniqueSpec s) {
      return new DataTest.Unique(
          columns(file, where, s.columns()), severity(file, where, s.severity()));
    }
    if (spec instanceof AcceptedValuesSpec s) {
      return new DataTest.AcceptedValues(
          column(file, where + ".column", s.column()),
          values(file, where + ".values", s.values()),
          severity(file, where, s.severity()));
    }
    if (spec instanceof RelationshipsSpec s) {
      return new DataTest.Relationships(
          column(file, where + ".column", s.column()),
          model(file, where + ".to", s.to()),
          column(file, where + ".field", s.field()),
          severity(file, where, s.severity()));
    }
    SqlSpec s = (SqlSpec) spec;
    io.t4t.core.sql.SelfReads.check(
        file + " (" + where + ".sql)", required(file, where + ".sql", s.sql()));
    return new DataTest.CustomSql(
        required(file, where + ".name", s.name()),
        required(file, where + ".sql", s.sql()),
        severity(file, where, s.severity()));
  }

  private static Function<StrictBinding.Problem, InvalidInputException> problem(
      String file, String where, String kind) {
    return p ->
        p.allowed() != null
            ? invalid(
                file,
                "unknown key '"
                    + p.dotted()
                    + "' in '"
                    + where
                    + "' (a "
                    + kind
                    + " test allows: "
                    + String.join(", ", p.allowed())
                    + ")")
            : new InvalidInputException(
                "Invalid "
                    + where
                    + "."
                    + p.dotted()
                    + " in "
                    + file
                    + ": not "
                    + MetadataSchema.typeName(p.value()));
  }

  private static List<String> columns(String file, String where, List<String> columns) {
    if (columns == null || columns.isEmpty()) {
      throw invalid(file, "'" + where + ".columns' is required (a list of column names)");
    }
    for (String c : columns) {
      column(file, where + ".columns", c);
    }
    return List.copyOf(columns);
  }

  private static String column(String file, String where, String value) {
    MetadataReader.requireIdentifier(file, where, value);
    return value;
  }

  private static List<Object> values(String file, String where, List<JsonNode> values) {
    if (values == null || values.isEmpty()) {
      throw invalid(file, "'" + where + "' is required (a list of strings or numbers)");
    }
    List<Object> out = new ArrayList<>();
    for (JsonNode v : values) {
      if (v.isTextual()) {
        out.add(v.asText());
      } else if (v.isNumber()) {
        out.add(v.decimalValue());
      } else {
        throw new InvalidInputException(
            "Invalid "
                + where
                + " in "
                + file
                + ": expected strings or numbers, found "
                + MetadataSchema.typeName(v));
      }
    }
    return List.copyOf(out);
  }

  private static ModelName model(String file, String where, String value) {
    try {
      return ModelName.parse(value);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("Invalid " + where + " in " + file + ": " + e.getMessage());
    }
  }

  private static String required(String file, String where, String value) {
    if (value == null || value.isBlank()) {
      throw invalid(file, "'" + where + "' is required");
    }
    return value;
  }

  private static DataTest.Severity severity(String file, String where, String value) {
    if (value == null) {
      return DataTest.Severity.ERROR;
    }
    try {
      return DataTest.Severity.fromName(value);
    } catch (InvalidInputException e) {
      throw new InvalidInputException(
          "Invalid " + where + ".severity in " + file + ": " + e.getMessage());
    }
  }

  private static InvalidInputException invalid(String file, String what) {
    return new InvalidInputException("Invalid metadata in " + file + ": " + what);
  }
}
