package io.t4t.core.project;

import java.util.Optional;

/**
 * A model's validated metadata.
 *
 * @param description free text; not part of the config hash
 * @param materialization table, view or incremental
 * @param incremental present exactly when the materialization is incremental
 * @param canonical the metadata as a canonical JSON string (sorted keys, aliases resolved, no
 *     description): what the config hash is computed over
 */
public record ModelConfig(
    String description,
    Materialization materialization,
    Optional<IncrementalConfig> incremental,
    String canonical) {

  /** The strategy name as stored in state: {@code append}, {@code merge}, ... or null. */
  public String strategyName() {
    return incremental.map(i -> i.strategy().wireName()).orElse(null);
  }
}
