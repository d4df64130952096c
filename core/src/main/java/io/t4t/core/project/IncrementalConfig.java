package io.t4t.core.project;

import java.util.List;
import java.util.Optional;

/**
 * The {@code incremental} block of a model's metadata, validated.
 *
 * @param strategy append, merge or delete_insert
 * @param timeColumn the output column whose maximum loaded value becomes the watermark
 * @param start where the first run starts
 * @param lookback how far before the watermark later runs re-read, if at all
 * @param uniqueKey the merge key (merge only; empty otherwise)
 * @param whereCondition the delete predicate (delete_insert only; optional)
 * @param onDuplicateKeys merge only: fail, or keep the latest row per key
 */
public record IncrementalConfig(
    StrategyKind strategy,
    String timeColumn,
    StartValue start,
    Optional<Lookback> lookback,
    List<String> uniqueKey,
    Optional<String> whereCondition,
    DuplicateKeyPolicy onDuplicateKeys) {

  public IncrementalConfig {
    uniqueKey = List.copyOf(uniqueKey);
  }
}
