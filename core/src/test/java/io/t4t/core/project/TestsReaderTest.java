package io.t4t.core.project;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code tests} list of a model's and a seed's metadata, read strictly. */
class TestsReaderTest {
  private static List<DataTest> read(String tests) {
    return MetadataReader.read("models/s/m.py", "metadata = {'tests': [" + tests + "]}\n").tests();
  }

  @Test
  void readsEachKindWithErrorAsTheDefaultSeverityAndLeavesTheConfigHashAlone() {
    assertThat(
            read(
                "{'test': 'not_null', 'columns': 'id'},"
                    + " {'test': 'UNIQUE', 'columns': ['a', 'b'], 'severity': 'Warn'},"
                    + " {'test': 'accepted_values', 'column': 'c', 'values': ['x', 2]},"
                    + " {'test': 'relationships', 'column': 'c', 'to': 'S.P', 'field': 'id'},"
                    + " {'test': 'sql', 'name': 'n', 'sql': 'SELECT 1 FROM s.m WHERE 1 = 0'}"))
        .containsExactly(
            new DataTest.NotNull(List.of("id"), DataTest.Severity.ERROR),
            new DataTest.Unique(List.of("a", "b"), DataTest.Severity.WARN),
            new DataTest.AcceptedValues(
                "c", List.of("x", new BigDecimal("2")), DataTest.Severity.ERROR),
            new DataTest.Relationships("c", new ModelName("s", "p"), "id", DataTest.Severity.ERROR),
            new DataTest.CustomSql("n", "SELECT 1 FROM s.m WHERE 1 = 0", DataTest.Severity.ERROR));
    assertThat(
            ModelConfigHash.of(
                MetadataReader.read(
                    "m.py", "metadata = {'tests': [{'test': 'not_null', 'columns': ['id']}]}")))
        .isEqualTo(ModelConfigHash.of(MetadataReader.read("m.py", "metadata = {}")));
  }

  @Test
  void badTestsNameTheFileTheEntryAndWhatIsAllowed() {
    assertThatThrownBy(() -> read("{'test': 'not_nul', 'columns': ['id']}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Invalid metadata in models/s/m.py: unknown test 'not_nul' in 'tests[0]' (allowed:"
                + " not_null, unique, accepted_values, relationships, sql)");
    assertThatThrownBy(() -> read("{'test': 'relationships', 'column': 'c', 'table': 's.p'}"))
        .hasMessage(
            "Invalid metadata in models/s/m.py: unknown key 'table' in 'tests[0]' (a"
                + " relationships test allows: test, column, to, field, severity)");
    assertThatThrownBy(() -> read("{'columns': ['id']}"))
        .hasMessage(
            "Invalid metadata in models/s/m.py: 'tests[0]' needs 'test' (one of not_null, unique,"
                + " accepted_values, relationships, sql)");
    assertThatThrownBy(() -> read("{'test': 'unique'}"))
        .hasMessage(
            "Invalid metadata in models/s/m.py: 'tests[0].columns' is required (a list of column"
                + " names)");
    assertThatThrownBy(() -> read("{'test': 'accepted_values', 'column': 'c', 'values': [None]}"))
        .hasMessage(
            "Invalid tests[0].values in models/s/m.py: expected strings or numbers, found None");
    assertThatThrownBy(() -> read("{'test': 'sql', 'name': 'n', 'sql': 'DELETE FROM s.m'}"))
        .hasMessageStartingWith("Invalid SQL in models/s/m.py (tests[0].sql)");
    assertThatThrownBy(
            () -> MetadataReader.read("models/s/m.py", "metadata = {'tests': {'test': 'x'}}"))
        .hasMessage(
            "Invalid metadata in models/s/m.py: 'tests' must be a list of dicts, not a dict");
  }

  @Test
  void aSeedsFileHoldsOnlyTests() {
    assertThat(
            MetadataReader.readSeedTests(
                "seeds/raw/orders.py",
                "metadata = {'tests': [{'test': 'unique', 'columns': 'id'}]}"))
        .containsExactly(new DataTest.Unique(List.of("id"), DataTest.Severity.ERROR));
    assertThatThrownBy(
            () ->
                MetadataReader.readSeedTests(
                    "seeds/raw/orders.py", "metadata = {'materialization': 'table'}"))
        .hasMessage(
            "Invalid metadata in seeds/raw/orders.py: unknown key 'materialization' (allowed:"
                + " description, tests)");
  }
}
