package io.t4t.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** The console's JSON: maps and lists of plain values, snake_case keys written by the callers. */
final class ConsoleJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ConsoleJson() {}

  static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write the console's JSON: " + e.getMessage(), e);
    }
  }

  static Console.Response ok(Object value) {
    return answer(200, value);
  }

  static Console.Response answer(int status, Object value) {
    return new Console.Response(
        status, "application/json", write(value).getBytes(StandardCharsets.UTF_8));
  }
}
