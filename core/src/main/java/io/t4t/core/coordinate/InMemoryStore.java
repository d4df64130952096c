package io.t4t.core.coordinate;

import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The coordinator's state in this process's memory: {@code t4t run}, and tests. */
public final class InMemoryStore implements CoordinatorStore {
  private final Map<String, RunHeader> runs = new HashMap<>();
  private final Map<String, Map<String, ModelProgress>> progress = new HashMap<>();
  private final Map<String, ModelSlot> slots = new HashMap<>();
  private final TreeMap<String, Map.Entry<Instant, String>> expiry = new TreeMap<>();
  private Schedule schedule = Schedule.EMPTY;

  @Override
  public RunHeader run(String runId) {
    return runs.get(runId);
  }

  @Override
  public void putRun(RunHeader run) {
    runs.put(run.runId(), run);
  }

  @Override
  public void deleteRun(String runId) {
    runs.remove(runId);
  }

  @Override
  public ModelProgress progress(String runId, String model) {
    Map<String, ModelProgress> m = progress.get(runId);
    return m == null ? null : m.get(model);
  }

  @Override
  public void putProgress(String runId, String model, ModelProgress p) {
    progress.computeIfAbsent(runId, r -> new TreeMap<>()).put(model, p);
  }

  @Override
  public void deleteProgress(String runId, String model) {
    Map<String, ModelProgress> m = progress.get(runId);
    if (m != null) {
      m.remove(model);
      if (m.isEmpty()) {
        progress.remove(runId);
      }
    }
  }

  @Override
  public Map<String, ModelProgress> progressOf(String runId) {
    return new TreeMap<>(progress.getOrDefault(runId, Map.of()));
  }

  @Override
  public ModelSlot slot(String model) {
    return slots.getOrDefault(model, ModelSlot.EMPTY);
  }

  @Override
  public void putSlot(String model, ModelSlot slot) {
    if (slot.holdsNothing()) {
      slots.remove(model);
    } else {
      slots.put(model, slot);
    }
  }

  @Override
  public Schedule schedule() {
    return schedule;
  }

  @Override
  public void putSchedule(Schedule s) {
    schedule = s;
  }

  @Override
  public void expireAt(Instant when, String runId) {
    expiry.put(ExpiryKey.of(when, runId), new AbstractMap.SimpleImmutableEntry<>(when, runId));
  }

  @Override
  public void unexpire(Instant when, String runId) {
    expiry.remove(ExpiryKey.of(when, runId));
  }

  @Override
  public List<Map.Entry<Instant, String>> expiring(Instant now) {
    return new ArrayList<>(expiry.headMap(ExpiryKey.upTo(now), true).values());
  }

  /** How many runs are kept (for tests of bounded state). */
  public int runCount() {
    return runs.size();
  }

  /** How many (run, model) progress entries are kept. */
  public int progressCount() {
    return progress.values().stream().mapToInt(Map::size).sum();
  }

  /** How many model slots are kept. */
  public int slotCount() {
    return slots.size();
  }
}
