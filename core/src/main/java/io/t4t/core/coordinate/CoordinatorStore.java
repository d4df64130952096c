package io.t4t.core.coordinate;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The coordinator's state, as key-value entries: one header per run, one progress entry per (run,
 * model), one slot per model, the schedule, and an index of runs by when they expire. Implemented
 * in memory ({@link InMemoryStore}: {@code t4t run}, tests) and over Kafka Streams state stores
 * (the planner-service, {@code t4t serve}), so the same decisions run on both.
 */
public interface CoordinatorStore {
  /** The run's header, or null. */
  RunHeader run(String runId);

  void putRun(RunHeader run);

  void deleteRun(String runId);

  /** A model's progress in a run, or null when the run did not select it. */
  ModelProgress progress(String runId, String model);

  void putProgress(String runId, String model, ModelProgress progress);

  void deleteProgress(String runId, String model);

  /** Every selected model's progress in a run, by model name. */
  Map<String, ModelProgress> progressOf(String runId);

  /** The model's slot ({@link ModelSlot#EMPTY} when none is kept). */
  ModelSlot slot(String model);

  /** Keeps the slot; an empty one is removed. */
  void putSlot(String model, ModelSlot slot);

  Schedule schedule();

  void putSchedule(Schedule schedule);

  /** Records that the run is to be expired at {@code when}. */
  void expireAt(Instant when, String runId);

  void unexpire(Instant when, String runId);

  /** Runs due to expire at or before {@code now}, soonest first, with when each was due. */
  List<Map.Entry<Instant, String>> expiring(Instant now);
}
