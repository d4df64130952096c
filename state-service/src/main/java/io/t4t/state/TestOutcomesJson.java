package io.t4t.state;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.t4t.events.TestOutcome;
import java.util.List;

/**
 * Test outcomes in the {@code run_history.tests} column: a JSON array with the event's snake_case
 * fields ({@code test, severity, passed, failing_rows}), so the column reads like the event. Read
 * back whole with the run, never queried apart, hence one text column rather than a child table.
 */
final class TestOutcomesJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  private static final TypeReference<List<TestOutcome>> LIST = new TypeReference<>() {};

  private TestOutcomesJson() {}

  /** The column's value: null when there are no outcomes. */
  static String write(List<TestOutcome> tests) {
    if (tests == null || tests.isEmpty()) {
      return null;
    }
    try {
      return MAPPER.writeValueAsString(tests);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write test outcomes as JSON", e);
    }
  }

  /** The outcomes in a column's value; empty for null (a record from before the column). */
  static List<TestOutcome> read(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return List.copyOf(MAPPER.readValue(json, LIST));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Invalid test outcomes in run_history.tests: " + json, e);
    }
  }
}
