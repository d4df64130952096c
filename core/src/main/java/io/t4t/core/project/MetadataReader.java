package io.t4t.core.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.python.PythonLiteralParser;
import io.t4t.core.sql.Literals;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Turns the {@code metadata} binding of a model's {@code .py} file into a {@link ModelConfig}. */
public final class MetadataReader {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private static final Set<String> TOP_KEYS =
      Set.of("description", "materialization", "incremental");

  /** Block keys per strategy; aliases map to their canonical key. */
  private static final Map<StrategyKind, List<String>> BLOCK_KEYS =
      Map.of(
          StrategyKind.APPEND, List.of("time_column", "start_date", "lookback"),
          StrategyKind.MERGE,
              List.of("unique_key", "time_column", "start_date", "lookback", "on_duplicate_keys"),
          StrategyKind.DELETE_INSERT,
              List.of("where_condition", "time_column", "start_date", "lookback"));

  private static final Map<String, String> ALIASES =
      Map.of("filter_column", "time_column", "start_value", "start_date");

  private MetadataReader() {}

  /** The configuration of a model that has no {@code .py} file: a table. */
  public static ModelConfig defaults() {
    return build(null, Materialization.TABLE, Optional.empty());
  }

  /** Parses the file text and validates its {@code metadata} binding. */
  public static ModelConfig read(String file, String pythonSource) {
    Map<String, Object> bindings = PythonLiteralParser.parse(file, pythonSource);
    if (!bindings.containsKey("metadata")) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": no 'metadata = ...' assignment (bind the chosen dict to 'metadata', e.g. metadata ="
              + " metadata_merge)");
    }
    Object metadata = bindings.get("metadata");
    if (!(metadata instanceof Map<?, ?> map)) {
      throw new InvalidInputException(
          "Invalid metadata in " + file + ": 'metadata' must be a dict, not " + typeName(metadata));
    }
    return fromMap(file, castMap(map));
  }

  static ModelConfig fromMap(String file, Map<String, Object> map) {
    for (String key : map.keySet()) {
      if (!TOP_KEYS.contains(key)) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + ": unknown key '"
                + key
                + "' (allowed: description, materialization, incremental)");
      }
    }
    String description = optionalString(file, map, "description", "description").orElse(null);
    Materialization materialization =
        optionalString(file, map, "materialization", "materialization")
            .map(m -> withFile(file, () -> Materialization.fromName(m)))
            .orElse(Materialization.TABLE);
    Object incremental = map.get("incremental");
    if (materialization != Materialization.INCREMENTAL) {
      if (incremental != null) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + ": an 'incremental' block needs materialization 'incremental' (it is '"
                + materialization.wireName()
                + "')");
      }
      return build(description, materialization, Optional.empty());
    }
    if (!(incremental instanceof Map<?, ?> inc)) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": materialization 'incremental' needs an 'incremental' dict with a 'strategy'");
    }
    return build(description, materialization, Optional.of(incremental(file, castMap(inc))));
  }

  private static IncrementalConfig incremental(String file, Map<String, Object> inc) {
    Object strategyValue = inc.get("strategy");
    if (!(strategyValue instanceof String s)) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": 'incremental' needs 'strategy' (one of append, merge, delete_insert)");
    }
    StrategyKind strategy = withFile(file, () -> StrategyKind.fromName(s));
    String blockName = strategy.wireName();
    for (String key : inc.keySet()) {
      if (!key.equals("strategy") && !key.equals(blockName)) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + ": unknown key 'incremental."
                + key
                + "' for strategy '"
                + blockName
                + "' (allowed: strategy, "
                + blockName
                + ")");
      }
    }
    Object blockValue = inc.get(blockName);
    if (!(blockValue instanceof Map<?, ?> rawBlock)) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": strategy '"
              + blockName
              + "' needs an 'incremental."
              + blockName
              + "' dict");
    }
    Map<String, Object> block = canonicalKeys(file, blockName, castMap(rawBlock), strategy);
    String where = "incremental." + blockName;

    String timeColumn =
        optionalString(file, block, "time_column", where + ".time_column")
            .orElseThrow(
                () ->
                    new InvalidInputException(
                        "Invalid metadata in "
                            + file
                            + ": '"
                            + where
                            + ".time_column' is required (the column whose maximum loaded value"
                            + " is the watermark)"));
    requireIdentifier(file, where + ".time_column", timeColumn);
    StartValue start = startValue(file, where + ".start_date", block.get("start_date"));
    Optional<Lookback> lookback =
        optionalString(file, block, "lookback", where + ".lookback")
            .map(l -> Lookback.parse(l, file + " (" + where + ".lookback)"));

    List<String> uniqueKey = List.of();
    DuplicateKeyPolicy duplicates = DuplicateKeyPolicy.FAIL;
    if (strategy == StrategyKind.MERGE) {
      uniqueKey = uniqueKey(file, where + ".unique_key", block.get("unique_key"));
      duplicates =
          optionalString(file, block, "on_duplicate_keys", where + ".on_duplicate_keys")
              .map(d -> withFile(file, () -> DuplicateKeyPolicy.fromName(d)))
              .orElse(DuplicateKeyPolicy.FAIL);
    }
    Optional<String> whereCondition =
        strategy == StrategyKind.DELETE_INSERT
            ? optionalString(file, block, "where_condition", where + ".where_condition")
            : Optional.empty();
    return new IncrementalConfig(
        strategy, timeColumn, start, lookback, uniqueKey, whereCondition, duplicates);
  }

  private static Map<String, Object> canonicalKeys(
      String file, String blockName, Map<String, Object> block, StrategyKind strategy) {
    List<String> allowed = BLOCK_KEYS.get(strategy);
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : block.entrySet()) {
      String key = ALIASES.getOrDefault(e.getKey(), e.getKey());
      if (!allowed.contains(key)) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + ": unknown key 'incremental."
                + blockName
                + "."
                + e.getKey()
                + "' (allowed: "
                + String.join(", ", allowed)
                + "; filter_column and start_value are accepted as aliases)");
      }
      if (out.containsKey(key)) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + ": 'incremental."
                + blockName
                + "' sets '"
                + key
                + "' twice (through an alias); keep one");
      }
      out.put(key, e.getValue());
    }
    return out;
  }

  private static StartValue startValue(String file, String where, Object value) {
    if (value == null) {
      return new StartValue.Auto();
    }
    if (value instanceof Number n) {
      return new StartValue.Literal(n);
    }
    if (!(value instanceof String s)) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + " in "
              + file
              + ": expected a string or number, not "
              + typeName(value));
    }
    String t = s.trim();
    if (t.equalsIgnoreCase("auto")) {
      return new StartValue.Auto();
    }
    Optional<String> variable = Literals.variableReference(t);
    if (variable.isPresent()) {
      return new StartValue.Variable(variable.get());
    }
    if (Literals.isTemporalOrNumber(t)) {
      return new StartValue.Literal(t);
    }
    throw new InvalidInputException(
        "Invalid "
            + where
            + " '"
            + s
            + "' in "
            + file
            + " (expected 'auto', '@variable', an ISO date such as '2024-01-01', an ISO timestamp"
            + " or a number)");
  }

  private static List<String> uniqueKey(String file, String where, Object value) {
    List<String> keys = new ArrayList<>();
    if (value instanceof String s) {
      keys.add(s);
    } else if (value instanceof List<?> list && !list.isEmpty()) {
      for (Object o : list) {
        if (!(o instanceof String s)) {
          throw new InvalidInputException(
              "Invalid " + where + " in " + file + ": expected column names, found " + typeName(o));
        }
        keys.add(s);
      }
    } else {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": '"
              + where
              + "' is required for merge (a list of column names, e.g. [\"id\"])");
    }
    for (String k : keys) {
      requireIdentifier(file, where, k);
    }
    if (keys.stream().map(String::toLowerCase).distinct().count() != keys.size()) {
      throw new InvalidInputException(
          "Invalid " + where + " in " + file + ": a column is listed twice in " + keys);
    }
    return keys;
  }

  private static void requireIdentifier(String file, String where, String value) {
    if (!Names.isIdentifier(value)) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + " '"
              + value
              + "' in "
              + file
              + " (expected a column name: letters, digits and underscores)");
    }
  }

  private static Optional<String> optionalString(
      String file, Map<String, Object> map, String key, String where) {
    Object v = map.get(key);
    if (v == null) {
      return Optional.empty();
    }
    if (!(v instanceof String s)) {
      throw new InvalidInputException(
          "Invalid " + where + " in " + file + ": expected a string, not " + typeName(v));
    }
    return Optional.of(s);
  }

  private static ModelConfig build(
      String description, Materialization materialization, Optional<IncrementalConfig> inc) {
    Map<String, Object> canonical = new TreeMap<>();
    canonical.put("materialization", materialization.wireName());
    inc.ifPresent(
        i -> {
          Map<String, Object> m = new TreeMap<>();
          m.put("strategy", i.strategy().wireName());
          m.put("time_column", i.timeColumn().toLowerCase(java.util.Locale.ROOT));
          m.put("start_date", i.start().text());
          i.lookback().ifPresent(l -> m.put("lookback", l.duration().getSeconds()));
          if (!i.uniqueKey().isEmpty()) {
            m.put(
                "unique_key",
                i.uniqueKey().stream().map(k -> k.toLowerCase(java.util.Locale.ROOT)).toList());
            m.put("on_duplicate_keys", i.onDuplicateKeys().wireName());
          }
          i.whereCondition().ifPresent(w -> m.put("where_condition", w.trim()));
          canonical.put("incremental", m);
        });
    try {
      return new ModelConfig(
          description, materialization, inc, CANONICAL.writeValueAsString(canonical));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static <T> T withFile(String file, java.util.function.Supplier<T> parse) {
    try {
      return parse.get();
    } catch (InvalidInputException e) {
      throw new InvalidInputException("Invalid metadata in " + file + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> castMap(Map<?, ?> map) {
    return (Map<String, Object>) map;
  }

  private static String typeName(Object o) {
    if (o == null) {
      return "None";
    }
    if (o instanceof Map) {
      return "a dict";
    }
    if (o instanceof List) {
      return "a list";
    }
    if (o instanceof Boolean) {
      return "a bool";
    }
    if (o instanceof Number) {
      return "a number";
    }
    return "a string";
  }
}
