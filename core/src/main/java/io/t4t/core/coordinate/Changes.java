package io.t4t.core.coordinate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one decision changes, over a state it only reads: reads see the decision's own writes first.
 * The state is left untouched until {@link #applyTo} writes the changes, which is how the
 * coordinator stays a pure function of (state, event, now).
 */
public final class Changes implements CoordinatorStore {
  private final CoordinatorStore base;
  private final Map<String, Optional<RunHeader>> runs = new LinkedHashMap<>();
  private final Map<String, Map<String, Optional<ModelProgress>>> progress = new LinkedHashMap<>();
  private final Map<String, ModelSlot> slots = new LinkedHashMap<>();
  private final Map<String, Optional<Map.Entry<Instant, String>>> expiry = new LinkedHashMap<>();
  private Schedule schedule;

  Changes(CoordinatorStore base) {
    this.base = base;
  }

  /**
   * Writes every change to {@code target} (the state these changes were made over). Run headers go
   * last: a reader that sees a run done (queries do not wait for the writes to finish) then sees
   * every model's final progress too.
   */
  public void applyTo(CoordinatorStore target) {
    progress.forEach(
        (id, models) ->
            models.forEach(
                (m, p) ->
                    p.ifPresentOrElse(
                        x -> target.putProgress(id, m, x), () -> target.deleteProgress(id, m))));
    slots.forEach(target::putSlot);
    runs.forEach((id, r) -> r.ifPresentOrElse(target::putRun, () -> target.deleteRun(id)));
    if (schedule != null) {
      target.putSchedule(schedule);
    }
    expiry.forEach(
        (key, e) -> {
          Instant when = ExpiryKey.when(key);
          String runId = ExpiryKey.runId(key);
          if (e.isPresent()) {
            target.expireAt(when, runId);
          } else {
            target.unexpire(when, runId);
          }
        });
  }

  /** True when the decision changed nothing. */
  public boolean isEmpty() {
    return runs.isEmpty()
        && progress.isEmpty()
        && slots.isEmpty()
        && schedule == null
        && expiry.isEmpty();
  }

  @Override
  public RunHeader run(String runId) {
    Optional<RunHeader> r = runs.get(runId);
    return r != null ? r.orElse(null) : base.run(runId);
  }

  @Override
  public void putRun(RunHeader run) {
    runs.put(run.runId(), Optional.of(run));
  }

  @Override
  public void deleteRun(String runId) {
    runs.put(runId, Optional.empty());
  }

  @Override
  public ModelProgress progress(String runId, String model) {
    Map<String, Optional<ModelProgress>> m = progress.get(runId);
    Optional<ModelProgress> p = m == null ? null : m.get(model);
    return p != null ? p.orElse(null) : base.progress(runId, model);
  }

  @Override
  public void putProgress(String runId, String model, ModelProgress p) {
    progress.computeIfAbsent(runId, r -> new LinkedHashMap<>()).put(model, Optional.of(p));
  }

  @Override
  public void deleteProgress(String runId, String model) {
    progress.computeIfAbsent(runId, r -> new LinkedHashMap<>()).put(model, Optional.empty());
  }

  @Override
  public Map<String, ModelProgress> progressOf(String runId) {
    Map<String, ModelProgress> out = new TreeMap<>(base.progressOf(runId));
    progress
        .getOrDefault(runId, Map.of())
        .forEach((m, p) -> p.ifPresentOrElse(x -> out.put(m, x), () -> out.remove(m)));
    return out;
  }

  @Override
  public ModelSlot slot(String model) {
    ModelSlot s = slots.get(model);
    return s != null ? s : base.slot(model);
  }

  @Override
  public void putSlot(String model, ModelSlot slot) {
    slots.put(model, slot);
  }

  @Override
  public Schedule schedule() {
    return schedule != null ? schedule : base.schedule();
  }

  @Override
  public void putSchedule(Schedule s) {
    schedule = s;
  }

  @Override
  public void expireAt(Instant when, String runId) {
    expiry.put(ExpiryKey.of(when, runId), Optional.of(Map.entry(when, runId)));
  }

  @Override
  public void unexpire(Instant when, String runId) {
    expiry.put(ExpiryKey.of(when, runId), Optional.empty());
  }

  @Override
  public List<Map.Entry<Instant, String>> expiring(Instant now) {
    List<Map.Entry<Instant, String>> out = new ArrayList<>();
    for (Map.Entry<Instant, String> e : base.expiring(now)) {
      Optional<Map.Entry<Instant, String>> changed =
          expiry.get(ExpiryKey.of(e.getKey(), e.getValue()));
      if (changed == null || changed.isPresent()) {
        out.add(e);
      }
    }
    expiry.forEach(
        (key, e) -> {
          if (e.isPresent() && !e.get().getKey().isAfter(now) && !out.contains(e.get())) {
            out.add(e.get());
          }
        });
    out.sort(Map.Entry.comparingByKey());
    return out;
  }
}
