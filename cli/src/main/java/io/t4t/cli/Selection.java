package io.t4t.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.roles.RunOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Options shared by commands that run or plan models. */
final class Selection {
  @Option(
      names = "--vars",
      paramLabel = "JSON",
      description = "Variables as a JSON object, e.g. '{\"start_date\": \"2024-01-01\"}'.")
  String vars;

  @Option(
      names = "--select",
      arity = "1..*",
      paramLabel = "MODEL",
      description = "Run only these models (schema.name or name).")
  List<String> select = new ArrayList<>();

  @Option(
      names = "--exclude",
      arity = "1..*",
      paramLabel = "MODEL",
      description = "Do not run these models.")
  List<String> exclude = new ArrayList<>();

  RunOptions options(boolean fullRefresh) {
    return new RunOptions(parseVars(vars), select, exclude, fullRefresh);
  }

  static Map<String, Object> parseVars(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      Object value = new ObjectMapper().readValue(json, Object.class);
      if (!(value instanceof Map<?, ?> map)) {
        throw new InvalidInputException(
            "Invalid --vars: expected a JSON object like '{\"start_date\": \"2024-01-01\"}'");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> vars = (Map<String, Object>) map;
      return vars;
    } catch (JsonProcessingException e) {
      throw new InvalidInputException(
          "Invalid --vars: not JSON ("
              + e.getOriginalMessage()
              + "); expected an object like '{\"start_date\": \"2024-01-01\"}'");
    }
  }
}
