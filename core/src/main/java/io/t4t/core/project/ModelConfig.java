package io.t4t.core.project;

import java.util.Optional;

/**
 * A model's validated metadata.
 *
 * @param description free text; not part of the config hash
 * @param materialization table, view or incremental
 * @param incremental present exactly when the materialization is incremental
 * @param canonical the metadata as a canonical JSON string (sorted keys, aliases resolved, no
 *     description, no on_schema_change): what the config hash is computed over
 * @param onSchemaChange the model's {@code on_schema_change} (empty: the project's default); not
 *     part of the config hash, so choosing a mode to handle a change does not itself rebuild
 */
public record ModelConfig(
    String description,
    Materialization materialization,
    Optional<IncrementalConfig> incremental,
    String canonical,
    Optional<OnSchemaChange> onSchemaChange) {

  public ModelConfig(
      String description,
      Materialization materialization,
      Optional<IncrementalConfig> incremental,
      String canonical) {
    this(description, materialization, incremental, canonical, Optional.empty());
  }

  /** The strategy name as stored in state: {@code append}, {@code merge}, ... or null. */
  public String strategyName() {
    return incremental.map(i -> i.strategy().wireName()).orElse(null);
  }
}
