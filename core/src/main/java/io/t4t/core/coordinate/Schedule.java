package io.t4t.core.coordinate;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The coordinator's timers, small and kept as one value: the open arrival window and the retries
 * waiting for their back-off.
 *
 * @param window the arrival window collecting sources (null: none open)
 * @param retries retries due later, soonest first
 */
public record Schedule(Window window, List<Retry> retries) {
  public static final Schedule EMPTY = new Schedule(null, List.of());

  public Schedule {
    retries = retries.stream().sorted(Comparator.comparing(Retry::due)).toList();
  }

  /** When the next timer is due (null: none). */
  public Instant nextDue(java.time.Duration coalesceWindow) {
    Instant next = window == null ? null : window.opened().plus(coalesceWindow);
    if (!retries.isEmpty() && (next == null || retries.get(0).due().isBefore(next))) {
      next = retries.get(0).due();
    }
    return next;
  }

  /**
   * Data arrivals collected into one run.
   *
   * @param opened when the first arrival came
   * @param sources the sources that got data
   * @param models the models reading them
   */
  public record Window(Instant opened, Set<String> sources, Set<String> models) {
    public Window {
      sources = java.util.Collections.unmodifiableSet(new TreeSet<>(sources));
      models = java.util.Collections.unmodifiableSet(new TreeSet<>(models));
    }
  }

  /**
   * A model run (bucket -1) or a bucket of a fanned-out run to command again.
   *
   * @param due when
   * @param runId the run
   * @param model the model
   * @param bucket the bucket, or -1 for the model's command
   * @param buckets how many buckets (0 for a model)
   * @param attempt the attempt to command
   */
  public record Retry(
      Instant due, String runId, String model, int bucket, int buckets, int attempt) {}
}
