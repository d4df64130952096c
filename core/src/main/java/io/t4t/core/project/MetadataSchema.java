package io.t4t.core.project;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.t4t.core.error.InvalidInputException;
import java.util.List;
import java.util.Map;

/**
 * What a model's metadata dict may hold, as records {@link StrictBinding} binds it to (a record's
 * components are the keys allowed, in the order messages list them), and how a binding problem is
 * told to the file's author.
 */
final class MetadataSchema {
  private MetadataSchema() {}

  /** The metadata dict: its components are the keys allowed. */
  record Metadata(
      String description,
      String materialization,
      JsonNode incremental,
      @JsonProperty("on_schema_change") String onSchemaChange,
      JsonNode tests) {}

  /** A seed's metadata dict ({@code seeds/<schema>/<table>.py}): only tests. */
  record SeedMetadata(String description, JsonNode tests) {}

  /** A strategy's block ({@code incremental.<strategy>}); each record lists the keys allowed. */
  interface Block {
    String timeColumn();

    JsonNode startDate();

    String lookback();

    default List<String> uniqueKey() {
      return null;
    }

    default String onDuplicateKeys() {
      return null;
    }

    default String whereCondition() {
      return null;
    }
  }

  record AppendBlock(
      @JsonProperty("time_column") @JsonAlias("filter_column") String timeColumn,
      @JsonProperty("start_date") @JsonAlias("start_value") JsonNode startDate,
      String lookback)
      implements Block {}

  record MergeBlock(
      @JsonProperty("unique_key")
          @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
          List<String> uniqueKey,
      @JsonProperty("time_column") @JsonAlias("filter_column") String timeColumn,
      @JsonProperty("start_date") @JsonAlias("start_value") JsonNode startDate,
      String lookback,
      @JsonProperty("on_duplicate_keys") String onDuplicateKeys)
      implements Block {}

  record DeleteInsertBlock(
      @JsonProperty("where_condition") String whereCondition,
      @JsonProperty("time_column") @JsonAlias("filter_column") String timeColumn,
      @JsonProperty("start_date") @JsonAlias("start_value") JsonNode startDate,
      String lookback)
      implements Block {}

  static final Map<StrategyKind, Class<? extends Block>> BLOCKS =
      Map.of(
          StrategyKind.APPEND, AppendBlock.class,
          StrategyKind.MERGE, MergeBlock.class,
          StrategyKind.DELETE_INSERT, DeleteInsertBlock.class);

  /** Aliases (from the seed's own spelling) to the key they stand for. */
  static final Map<String, String> ALIASES =
      Map.of("filter_column", "time_column", "start_value", "start_date");

  /** A binding problem at {@code prefix} + its path, worded for the author of {@code file}. */
  static InvalidInputException problem(String file, String prefix, StrictBinding.Problem p) {
    if (p.allowed() != null) {
      return new InvalidInputException(
          "Invalid metadata in "
              + file
              + ": unknown key '"
              + prefix
              + p.dotted()
              + "' (allowed: "
              + String.join(", ", p.allowed())
              + (prefix.isEmpty() ? "" : "; filter_column and start_value are accepted as aliases")
              + ")");
    }
    String where = prefix + p.dotted();
    if (p.key().equals("unique_key")) {
      return p.path().size() > 1 && p.value() != null
          ? new InvalidInputException(
              "Invalid "
                  + where
                  + " in "
                  + file
                  + ": expected column names, found "
                  + typeName(p.value()))
          : uniqueKeyRequired(file, where);
    }
    return new InvalidInputException(
        "Invalid " + where + " in " + file + ": expected a string, not " + typeName(p.value()));
  }

  static InvalidInputException uniqueKeyRequired(String file, String where) {
    return new InvalidInputException(
        "Invalid metadata in "
            + file
            + ": '"
            + where
            + "' is required for merge (a list of column names, e.g. [\"id\"])");
  }

  /** The Python name of a value's type, as the file's author wrote it. */
  static String typeName(JsonNode o) {
    if (o == null || o.isNull()) {
      return "None";
    }
    if (o.isObject()) {
      return "a dict";
    }
    if (o.isArray()) {
      return "a list";
    }
    if (o.isBoolean()) {
      return "a bool";
    }
    return o.isNumber() ? "a number" : "a string";
  }
}
