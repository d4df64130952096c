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
 *     description): what the config hash is computed over
 * @param tests the data tests declared under {@code tests} (not part of the config hash: adding a
 *     test never rebuilds a table)
 */
public record ModelConfig(
    String description,
    Materialization materialization,
    Optional<IncrementalConfig> incremental,
    String canonical,
    List<DataTest> tests) {

  public ModelConfig {
    tests = List.copyOf(tests);
  }

  /** A configuration without tests. */
  public ModelConfig(
      String description,
      Materialization materialization,
      Optional<IncrementalConfig> incremental,
      String canonical) {
    this(description, materialization, incremental, canonical, List.of());
  }

  /** This configuration with {@code tests}. */
  public ModelConfig withTests(List<DataTest> tests) {
    return new ModelConfig(description, materialization, incremental, canonical, tests);
  }

  /** The strategy name as stored in state: {@code append}, {@code merge}, ... or null. */
  public String strategyName() {
    return incremental.map(i -> i.strategy().wireName()).orElse(null);
  }
}
