package io.t4t.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetadataReaderTest {

  private static ModelConfig read(String dict) {
    return MetadataReader.read("models/s/m.py", "metadata = " + dict + "\n");
  }

  @Test
  void readsEachStrategyAndAliases() {
    ModelConfig append =
        read(
            "{'materialization': 'incremental', 'incremental': {'strategy': 'APPEND', 'append':"
                + " {'filter_column': 'ts', 'start_value': '2024-01-01', 'lookback': '7 days'}}}");
    IncrementalConfig a = append.incremental().orElseThrow();
    assertThat(a.strategy()).isEqualTo(StrategyKind.APPEND);
    assertThat(a.timeColumn()).isEqualTo("ts");
    assertThat(a.start()).isEqualTo(new StartValue.Literal("2024-01-01"));
    assertThat(a.lookback().orElseThrow().duration()).isEqualTo(Duration.ofDays(7));

    IncrementalConfig m =
        read("{'materialization': 'incremental', 'incremental': {'strategy': 'merge', 'merge':"
                + " {'unique_key': ['id'], 'time_column': 'u', 'start_date': 'auto',"
                + " 'on_duplicate_keys': 'keep_latest'}}}")
            .incremental()
            .orElseThrow();
    assertThat(m.uniqueKey()).isEqualTo(List.of("id"));
    assertThat(m.start()).isInstanceOf(StartValue.Auto.class);
    assertThat(m.onDuplicateKeys()).isEqualTo(DuplicateKeyPolicy.KEEP_LATEST);

    IncrementalConfig d =
        read("{'materialization': 'incremental', 'incremental': {'strategy': 'delete_insert',"
                + " 'delete_insert': {'where_condition': 'u >= @start_date', 'time_column': 'u',"
                + " 'start_date': '@start_date'}}}")
            .incremental()
            .orElseThrow();
    assertThat(d.start()).isEqualTo(new StartValue.Variable("start_date"));
    assertThat(d.whereCondition()).contains("u >= @start_date");
  }

  @Test
  void defaultsToATable() {
    assertThat(read("{'description': 'x'}").materialization()).isEqualTo(Materialization.TABLE);
    assertThat(MetadataReader.defaults().materialization()).isEqualTo(Materialization.TABLE);
  }

  @Test
  void descriptionIsNotPartOfTheConfigHashButEverythingElseIs() {
    String base =
        "'materialization': 'incremental', 'incremental': {'strategy': 'append', 'append':"
            + " {'time_column': 'ts'%s}}";
    ModelConfig one = read("{'description': 'one', " + base.formatted("") + "}");
    ModelConfig two = read("{'description': 'two', " + base.formatted("") + "}");
    ModelConfig lookback = read("{" + base.formatted(", 'lookback': '1 day'") + "}");
    ModelConfig alias =
        read(
            "{'materialization': 'incremental', 'incremental': {'strategy': 'append', 'append':"
                + " {'filter_column': 'TS'}}}");
    assertThat(one.canonical()).isEqualTo(two.canonical()).isEqualTo(alias.canonical());
    assertThat(lookback.canonical()).isNotEqualTo(one.canonical());
  }

  @Test
  void unknownKeysAndStrategiesNameTheChoices() {
    assertThatThrownBy(() -> read("{'materialisation': 'table'}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("models/s/m.py")
        .hasMessageContaining("unknown key 'materialisation'")
        .hasMessageContaining("description, materialization, incremental");
    assertThatThrownBy(
            () ->
                read(
                    "{'materialization': 'incremental', 'incremental': {'strategy': 'mrege',"
                        + " 'mrege': {}}}"))
        .hasMessageContaining("Unknown incremental strategy: 'mrege'")
        .hasMessageContaining("append, merge, delete_insert");
    assertThatThrownBy(() -> read("{'materialization': 'tabel'}"))
        .hasMessageContaining("Unknown materialization: 'tabel'")
        .hasMessageContaining("table, view, incremental");
    assertThatThrownBy(
            () ->
                read(
                    "{'materialization': 'incremental', 'incremental': {'strategy': 'append',"
                        + " 'append': {'time_column': 'ts', 'unique_key': ['id']}}}"))
        .hasMessageContaining("unknown key 'incremental.append.unique_key'");
    assertThatThrownBy(
            () ->
                read(
                    "{'materialization': 'incremental', 'incremental': {'strategy': 'append',"
                        + " 'append': {'time_column': 'ts', 'filter_column': 'ts'}}}"))
        .hasMessageContaining("sets 'time_column' twice");
  }

  @Test
  void requiredAndMalformedValuesAreErrors() {
    assertThatThrownBy(
            () ->
                read(
                    "{'materialization': 'incremental', 'incremental': {'strategy': 'merge',"
                        + " 'merge': {'time_column': 'ts'}}}"))
        .hasMessageContaining("'incremental.merge.unique_key' is required");
    assertThatThrownBy(
            () ->
                read(
                    "{'materialization': 'incremental', 'incremental': {'strategy': 'append',"
                        + " 'append': {'start_date': '2024-01-01'}}}"))
        .hasMessageContaining("'incremental.append.time_column' is required");
    assertThatThrownBy(
            () ->
                read(
                    "{'materialization': 'incremental', 'incremental': {'strategy': 'append',"
                        + " 'append': {'time_column': 'ts', 'start_date': 'yesterday'}}}"))
        .hasMessageContaining("Invalid incremental.append.start_date 'yesterday'");
    assertThatThrownBy(
            () ->
                read(
                    "{'materialization': 'incremental', 'incremental': {'strategy': 'append',"
                        + " 'append': {'time_column': 'ts; drop'}}}"))
        .hasMessageContaining("Invalid incremental.append.time_column 'ts; drop'");
    assertThatThrownBy(() -> read("{'materialization': 'table', 'incremental': {}}"))
        .hasMessageContaining("needs materialization 'incremental'");
    assertThatThrownBy(() -> MetadataReader.read("m.py", "x = {}\n"))
        .hasMessageContaining("no 'metadata = ...' assignment");
  }

  @Test
  void lookbackIsParsedStrictly() {
    assertThat(Lookback.parse("3 hours", "x").duration()).isEqualTo(Duration.ofHours(3));
    assertThat(Lookback.parse("1 Week", "x").duration()).isEqualTo(Duration.ofDays(7));
    assertThat(Lookback.parse(" 90 seconds ", "x").duration()).isEqualTo(Duration.ofSeconds(90));
    assertThat(Lookback.parse("2 minutes", "x").duration()).isEqualTo(Duration.ofMinutes(2));
    for (String bad : List.of("3 hourz", "3h", "-1 days", "1.5 days", "days", "3 hours ago", "")) {
      assertThatThrownBy(() -> Lookback.parse(bad, "models/s/m.py"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageContaining("Invalid lookback '" + bad + "'")
          .hasMessageContaining("'N seconds'");
    }
  }
}
