package io.t4t.coordination;

import io.t4t.core.coordinate.CoordinatorStore;
import io.t4t.core.coordinate.ExpiryKey;
import io.t4t.core.coordinate.ModelProgress;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.coordinate.RunHeader;
import io.t4t.core.coordinate.Schedule;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The coordinator's state over Kafka Streams key-value stores: writable inside the processor,
 * read-only for interactive queries ({@code GET /runs/{id}}).
 */
final class StoreView implements CoordinatorStore {
  private static final String SCHEDULE_KEY = "schedule";

  private final Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores;

  private StoreView(Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores) {
    this.stores = stores;
  }

  /** The processor's own stores: read and write. */
  static StoreView writable(Function<String, KeyValueStore<String, byte[]>> stores) {
    return new StoreView(stores::apply);
  }

  /** Stores queried from outside the stream thread: read only. */
  static StoreView readOnly(Function<String, ReadOnlyKeyValueStore<String, byte[]>> stores) {
    return new StoreView(stores);
  }

  private ReadOnlyKeyValueStore<String, byte[]> get(String name) {
    return stores.apply(name);
  }

  private KeyValueStore<String, byte[]> put(String name) {
    if (!(stores.apply(name) instanceof KeyValueStore<String, byte[]> s)) {
      throw new UnsupportedOperationException("The coordinator's state is read only here");
    }
    return s;
  }

  static String progressKey(String runId, String model) {
    return runId + "/" + model;
  }

  @Override
  public RunHeader run(String runId) {
    return StateSerde.run(get(StoreNames.RUNS).get(runId));
  }

  @Override
  public void putRun(RunHeader run) {
    put(StoreNames.RUNS).put(run.runId(), StateSerde.write(run));
  }

  @Override
  public void deleteRun(String runId) {
    put(StoreNames.RUNS).delete(runId);
  }

  @Override
  public ModelProgress progress(String runId, String model) {
    return StateSerde.progress(get(StoreNames.PROGRESS).get(progressKey(runId, model)));
  }

  @Override
  public void putProgress(String runId, String model, ModelProgress progress) {
    put(StoreNames.PROGRESS).put(progressKey(runId, model), StateSerde.write(progress));
  }

  @Override
  public void deleteProgress(String runId, String model) {
    put(StoreNames.PROGRESS).delete(progressKey(runId, model));
  }

  @Override
  public Map<String, ModelProgress> progressOf(String runId) {
    Map<String, ModelProgress> out = new TreeMap<>();
    String prefix = runId + "/";
    try (KeyValueIterator<String, byte[]> it =
        get(StoreNames.PROGRESS).prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        out.put(kv.key.substring(prefix.length()), StateSerde.progress(kv.value));
      }
    }
    return out;
  }

  @Override
  public ModelSlot slot(String model) {
    ModelSlot s = StateSerde.slot(get(StoreNames.SLOTS).get(model));
    return s == null ? ModelSlot.EMPTY : s;
  }

  @Override
  public void putSlot(String model, ModelSlot slot) {
    if (slot.holdsNothing()) {
      put(StoreNames.SLOTS).delete(model);
    } else {
      put(StoreNames.SLOTS).put(model, StateSerde.write(slot));
    }
  }

  @Override
  public Schedule schedule() {
    Schedule s = StateSerde.schedule(get(StoreNames.SCHEDULE).get(SCHEDULE_KEY));
    return s == null ? Schedule.EMPTY : s;
  }

  @Override
  public void putSchedule(Schedule schedule) {
    put(StoreNames.SCHEDULE).put(SCHEDULE_KEY, StateSerde.write(schedule));
  }

  @Override
  public void expireAt(Instant when, String runId) {
    put(StoreNames.EXPIRY).put(ExpiryKey.of(when, runId), StateSerde.write(runId));
  }

  @Override
  public void unexpire(Instant when, String runId) {
    put(StoreNames.EXPIRY).delete(ExpiryKey.of(when, runId));
  }

  @Override
  public List<Map.Entry<Instant, String>> expiring(Instant now) {
    List<Map.Entry<Instant, String>> out = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it =
        get(StoreNames.EXPIRY).range(null, ExpiryKey.upTo(now))) {
      while (it.hasNext()) {
        String key = it.next().key;
        out.add(Map.entry(ExpiryKey.when(key), ExpiryKey.runId(key)));
      }
    }
    return out;
  }
}
