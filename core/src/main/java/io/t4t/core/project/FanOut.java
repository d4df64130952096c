package io.t4t.core.project;

/**
 * {@code [fan_out]} of {@code project.toml}: when and how wide an incremental merge or
 * delete_insert is split into buckets by a hash of the key, each bucket applied by its own merge
 * sink.
 *
 * @param buckets K, the number of buckets (1: never fan out)
 * @param minRows the smallest delta that fans out; smaller deltas are applied in one transaction
 */
public record FanOut(int buckets, long minRows) {
  public static final int MAX_BUCKETS = 64;

  /** The engine's default, as its provider declares it. */
  public static FanOut defaults(EngineType type) {
    return ConnectionFormats.of(type).defaultFanOut();
  }

  /** True when a delta of {@code rows} rows is split. */
  public boolean splits(long rows) {
    return buckets > 1 && rows >= minRows;
  }
}
