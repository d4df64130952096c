package io.t4t.core.project;

import java.util.List;
import java.util.Optional;

/**
 * A model's validated metadata.
 *
 * @param description free text; not part of the config hash
 * @param materialization table, view or incremental
 * @param incremental present exactly when the materialization is incremental
 * @param canonical the metadata as a canonical JSON string (sorted keys, aliases resolved, no
 *     description, no on_schema_change, no tests): what the config hash is computed over
 * @param onSchemaChange the model's {@code on_schema_change} (empty: the project's default); not
 *     part of the config hash, so choosing a mode to handle a change does not itself rebuild
 * @param tests the data tests declared under {@code tests} (not part of the config hash: adding a
 *     test never rebuilds a table)
 */
public record ModelConfig(
    String description,
    Materialization materialization,
    Optional<IncrementalConfig> incremental,
    String canonical,
    Optional<OnSchemaChange> onSchemaChange,
    List<DataTest> tests) {

  public ModelConfig {
    tests = List.copyOf(tests);
  }

  /** A configuration without tests and with the project's on_schema_change. */
  public ModelConfig(
      String description,
      Materialization materialization,
      Optional<IncrementalConfig> incremental,
      String canonical) {
    this(description, materialization, incremental, canonical, Optional.empty(), List.of());
  }

  /** This configuration with {@code tests}. */
  public ModelConfig withTests(List<DataTest> tests) {
    return new ModelConfig(
        description, materialization, incremental, canonical, onSchemaChange, tests);
  }

  /** This configuration with the model's own {@code on_schema_change}. */
  public ModelConfig withOnSchemaChange(Optional<OnSchemaChange> onSchemaChange) {
    return new ModelConfig(
        description, materialization, incremental, canonical, onSchemaChange, tests);
  }

  /** The strategy name as stored in state: {@code append}, {@code merge}, ... or null. */
  public String strategyName() {
    return incremental.map(i -> i.strategy().wireName()).orElse(null);
  }
}
