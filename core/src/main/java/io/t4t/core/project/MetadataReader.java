package io.t4t.core.project;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.python.PythonLiteralParser;
import io.t4t.core.sql.Literals;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Turns the {@code metadata} binding of a model's {@code .py} file into a {@link ModelConfig}: the
 * dict is bound to the records of {@link MetadataSchema} with {@link StrictBinding}; what binding
 * cannot say (which block a strategy takes, aliases given twice, identifiers, start values) is
 * checked here.
 */
public final class MetadataReader {
  private static final ObjectMapper CANONICAL =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

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
    JsonNode metadata = StrictBinding.tree(bindings.get("metadata"));
    if (!metadata.isObject()) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": 'metadata' must be a dict, not "
              + MetadataSchema.typeName(metadata));
    }
    MetadataSchema.Metadata m =
        StrictBinding.bind(
            metadata, MetadataSchema.Metadata.class, p -> MetadataSchema.problem(file, "", p));
    List<DataTest> tests = TestsReader.read(file, m.tests());
    Materialization materialization =
        m.materialization() == null
            ? Materialization.TABLE
            : withFile(file, () -> Materialization.fromName(m.materialization()));
    JsonNode incremental = m.incremental();
    boolean hasIncremental = incremental != null && !incremental.isNull();
    Optional<OnSchemaChange> onSchemaChange =
        m.onSchemaChange() == null
            ? Optional.empty()
            : Optional.of(withFile(file, () -> OnSchemaChange.fromName(m.onSchemaChange())));
    if (materialization != Materialization.INCREMENTAL) {
      if (onSchemaChange.isPresent()) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + ": 'on_schema_change' applies to incremental models only (materialization is '"
                + materialization.wireName()
                + "'; a table or view is rebuilt with its query's columns every run)");
      }
      if (hasIncremental) {
        throw new InvalidInputException(
            "Invalid metadata in "
                + file
                + ": an 'incremental' block needs materialization 'incremental' (it is '"
                + materialization.wireName()
                + "')");
      }
      return build(m.description(), materialization, Optional.empty()).withTests(tests);
    }
    if (!hasIncremental || !incremental.isObject()) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": materialization 'incremental' needs an 'incremental' dict with a 'strategy'");
    }
    return build(m.description(), materialization, Optional.of(incremental(file, incremental)))
        .withOnSchemaChange(onSchemaChange)
        .withTests(tests);
  }

  /** The tests of a seed's {@code .py} file: its {@code metadata} dict may hold only tests. */
  public static List<DataTest> readSeedTests(String file, String pythonSource) {
    Map<String, Object> bindings = PythonLiteralParser.parse(file, pythonSource);
    JsonNode metadata = StrictBinding.tree(bindings.get("metadata"));
    if (!metadata.isObject()) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": a seed's file binds 'metadata' to a dict such as {\"tests\": [...]}, not "
              + MetadataSchema.typeName(metadata));
    }
    MetadataSchema.SeedMetadata m =
        StrictBinding.bind(
            metadata, MetadataSchema.SeedMetadata.class, p -> MetadataSchema.problem(file, "", p));
    return TestsReader.read(file, m.tests());
  }

  private static IncrementalConfig incremental(String file, JsonNode inc) {
    JsonNode strategyValue = inc.get("strategy");
    if (strategyValue == null || !strategyValue.isTextual()) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": 'incremental' needs 'strategy' (one of append, merge, delete_insert)");
    }
    StrategyKind strategy = withFile(file, () -> StrategyKind.fromName(strategyValue.asText()));
    String blockName = strategy.wireName();
    inc.fieldNames()
        .forEachRemaining(
            key -> {
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
            });
    JsonNode blockValue = inc.get(blockName);
    String where = "incremental." + blockName;
    if (blockValue == null || !blockValue.isObject()) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": strategy '"
              + blockName
              + "' needs an '"
              + where
              + "' dict");
    }
    MetadataSchema.ALIASES.forEach(
        (alias, key) -> {
          if (blockValue.has(alias) && blockValue.has(key)) {
            throw new InvalidInputException(
                "Invalid metadata in "
                    + file
                    + ": '"
                    + where
                    + "' sets '"
                    + key
                    + "' twice (through an alias); keep one");
          }
        });
    MetadataSchema.Block block =
        StrictBinding.bind(
            blockValue,
            MetadataSchema.BLOCKS.get(strategy),
            p -> MetadataSchema.problem(file, where + ".", p));
    if (block.timeColumn() == null) {
      throw new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": '"
              + where
              + ".time_column' is required (the column whose maximum loaded value is the"
              + " watermark)");
    }
    requireIdentifier(file, where + ".time_column", block.timeColumn());
    StartValue start = startValue(file, where + ".start_date", block.startDate());
    Optional<Lookback> lookback =
        Optional.ofNullable(block.lookback())
            .map(l -> Lookback.parse(l, file + " (" + where + ".lookback)"));
    List<String> uniqueKey = List.of();
    DuplicateKeyPolicy duplicates = DuplicateKeyPolicy.FAIL;
    if (strategy == StrategyKind.MERGE) {
      uniqueKey = uniqueKey(file, where + ".unique_key", block.uniqueKey());
      if (block.onDuplicateKeys() != null) {
        duplicates = withFile(file, () -> DuplicateKeyPolicy.fromName(block.onDuplicateKeys()));
      }
    }
    return new IncrementalConfig(
        strategy,
        block.timeColumn(),
        start,
        lookback,
        uniqueKey,
        Optional.ofNullable(block.whereCondition()),
        duplicates);
  }

  private static StartValue startValue(String file, String where, JsonNode value) {
    if (value == null || value.isNull()) {
      return new StartValue.Auto();
    }
    if (value.isNumber()) {
      return new StartValue.Literal(
          value.isIntegralNumber() ? (Object) value.longValue() : value.decimalValue());
    }
    if (!value.isTextual()) {
      throw new InvalidInputException(
          "Invalid "
              + where
              + " in "
              + file
              + ": expected a string or number, not "
              + MetadataSchema.typeName(value));
    }
    String s = value.asText();
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

  private static List<String> uniqueKey(String file, String where, List<String> keys) {
    if (keys == null || keys.isEmpty()) {
      throw MetadataSchema.uniqueKeyRequired(file, where);
    }
    for (String k : keys) {
      if (k == null) {
        throw new InvalidInputException(
            "Invalid " + where + " in " + file + ": expected column names, found None");
      }
      requireIdentifier(file, where, k);
    }
    if (keys.stream().map(k -> k.toLowerCase(Locale.ROOT)).distinct().count() != keys.size()) {
      throw new InvalidInputException(
          "Invalid " + where + " in " + file + ": a column is listed twice in " + keys);
    }
    return keys;
  }

  /** A column name given at {@code where} in {@code file}: an error naming both otherwise. */
  static void requireIdentifier(String file, String where, String value) {
    if (value == null || !Names.isIdentifier(value)) {
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

  private static ModelConfig build(
      String description, Materialization materialization, Optional<IncrementalConfig> inc) {
    Map<String, Object> canonical = new TreeMap<>();
    canonical.put("materialization", materialization.wireName());
    inc.ifPresent(
        i -> {
          Map<String, Object> m = new TreeMap<>();
          m.put("strategy", i.strategy().wireName());
          m.put("time_column", i.timeColumn().toLowerCase(Locale.ROOT));
          m.put("start_date", i.start().text());
          i.lookback().ifPresent(l -> m.put("lookback", l.duration().getSeconds()));
          if (!i.uniqueKey().isEmpty()) {
            m.put(
                "unique_key", i.uniqueKey().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList());
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
}
