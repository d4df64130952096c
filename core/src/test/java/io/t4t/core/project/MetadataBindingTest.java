package io.t4t.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metadata dict is bound strictly; problems name the file, the key and Python's type names. */
class MetadataBindingTest {
  private static final String FILE = "models/s/m.py";

  private static ModelConfig read(String dict) {
    return MetadataReader.read(FILE, "metadata = " + dict + "\n");
  }

  private static String merge(String block) {
    return "{'materialization': 'incremental', 'incremental': {'strategy': 'merge', 'merge': {"
        + block
        + "}}}";
  }

  private static void fails(String dict, String message) {
    assertThatThrownBy(() -> read(dict))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(message);
  }

  @Test
  void bindsStringsListsAndNumbersAsWritten() {
    IncrementalConfig one =
        read(merge("'unique_key': 'id', 'time_column': 'ts', 'start_value': 20240101"))
            .incremental()
            .orElseThrow();
    assertThat(one.uniqueKey()).isEqualTo(List.of("id"));
    assertThat(one.start()).isEqualTo(new StartValue.Literal(20240101L));
    assertThat(read("{'description': None}").description()).isNull();
    // a decimal keeps its written scale: its text feeds the config hash and the start condition
    for (String decimal : List.of("10.0", "1.50")) {
      IncrementalConfig d =
          read(merge("'unique_key': 'id', 'time_column': 'ts', 'start_date': " + decimal))
              .incremental()
              .orElseThrow();
      assertThat(d.start().text()).isEqualTo(decimal);
    }
  }

  @Test
  void aWrongTypeUnderAnAliasNamesTheAliasAsWritten() {
    fails(
        merge("'unique_key': ['id'], 'filter_column': 5"),
        "Invalid incremental.merge.filter_column in " + FILE + ": expected a string, not a number");
  }

  @Test
  void wrongTypesUsePythonNames() {
    fails(
        "{'description': 3}",
        "Invalid description in " + FILE + ": expected a string, not a number");
    fails(
        "{'materialization': ['table']}",
        "Invalid materialization in " + FILE + ": expected a string, not a list");
    fails(
        merge("'unique_key': ['id', 2], 'time_column': 'ts'"),
        "Invalid incremental.merge.unique_key in "
            + FILE
            + ": expected column names, found a number");
    fails(
        merge("'unique_key': {'a': 1}, 'time_column': 'ts'"),
        "'incremental.merge.unique_key' is required for merge");
    fails(merge("'unique_key': ['id', 'ID'], 'time_column': 'ts'"), "a column is listed twice");
    fails(
        merge("'unique_key': ['id'], 'time_column': True"),
        "Invalid incremental.merge.time_column in " + FILE + ": expected a string, not a bool");
    fails(
        merge("'unique_key': ['id'], 'time_column': 'ts', 'start_date': {}"),
        "expected a string or number, not a dict");
    fails("[1]", "'metadata' must be a dict, not a list");
  }

  @Test
  void unknownKeysListTheBlocksKeysInOrder() {
    fails(
        merge("'unique_key': ['id'], 'time_column': 'ts', 'watermark': 'ts'"),
        "unknown key 'incremental.merge.watermark' (allowed: unique_key, time_column, start_date,"
            + " lookback, on_duplicate_keys; filter_column and start_value are accepted as aliases)");
    fails(
        "{'materialization': 'incremental', 'incremental': {'strategy': 'merge', 'append': {}}}",
        "unknown key 'incremental.append' for strategy 'merge' (allowed: strategy, merge)");
  }
}
