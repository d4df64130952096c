package io.t4t.coordination;

import java.util.List;

/**
 * The coordinator's state stores: in memory, each backed by a compacted changelog topic ({@code
 * <application id>-<store>-changelog}), restored from it on a new instance and kept warm on a
 * standby.
 */
public final class StoreNames {
  /** Run id to {@link io.t4t.core.coordinate.RunHeader}. */
  public static final String RUNS = "t4t-runs";

  /** {@code <run id>/<model>} to {@link io.t4t.core.coordinate.ModelProgress}. */
  public static final String PROGRESS = "t4t-progress";

  /** Model to {@link io.t4t.core.coordinate.ModelSlot}. */
  public static final String SLOTS = "t4t-slots";

  /** {@code schedule} to {@link io.t4t.core.coordinate.Schedule}. */
  public static final String SCHEDULE = "t4t-schedule";

  /** {@link io.t4t.core.coordinate.ExpiryKey} to run id. */
  public static final String EXPIRY = "t4t-expiry";

  static final List<String> ALL = List.of(RUNS, PROGRESS, SLOTS, SCHEDULE, EXPIRY);

  private StoreNames() {}
}
