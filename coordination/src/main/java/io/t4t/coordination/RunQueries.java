package io.t4t.coordination;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.coordinate.RunHeader;
import io.t4t.core.coordinate.RunView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Runs read from the coordinator's stores by interactive queries, on the replica that runs the
 * coordination or on its standby (a standby's copy may trail by a commit).
 */
public final class RunQueries {
  private RunQueries() {}

  /**
   * The replica that runs the coordination (its stores are the current ones), when Kafka Streams
   * knows it: the address it advertises ({@code application.server}). Empty while rebalancing.
   */
  public static Optional<HostInfo> coordinator(KafkaStreams streams, String runId) {
    KeyQueryMetadata md =
        streams.queryMetadataForKey(StoreNames.RUNS, runId, Serdes.String().serializer());
    if (md == null || md.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
      return Optional.empty();
    }
    return Optional.ofNullable(md.activeHost()).filter(h -> h.port() > 0);
  }

  /**
   * A run's progress, or empty when the stores do not know it.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while the stores are not
   *     queryable here yet (starting, restoring, rebalancing)
   */
  public static Optional<RunView> run(KafkaStreams streams, String runId) {
    return Coordinator.view(StoreView.readOnly(name -> local(streams, name)), runId);
  }

  /**
   * The runs this replica's copy of the stores holds (active or standby; a standby's may trail),
   * newest started first, at most {@code limit}. A range over the whole run store: it holds the
   * runs of the retention period only, as {@code GET /runs/{id}} does.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while not queryable here
   */
  public static List<String> recentRuns(KafkaStreams streams, int limit) {
    List<RunHeader> runs = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = local(streams, StoreNames.RUNS).all()) {
      while (it.hasNext()) {
        runs.add(StateSerde.run(it.next().value));
      }
    }
    return runs.stream()
        .sorted(
            Comparator.comparing(
                    (RunHeader r) -> r.startedAt() == null ? Instant.MIN : r.startedAt())
                .thenComparing(RunHeader::runId)
                .reversed())
        .limit(limit)
        .map(RunHeader::runId)
        .toList();
  }

  /**
   * Each model's state as the coordinator learnt it (from completions and the model-state topic),
   * by model; a model it knows nothing of is absent.
   *
   * @throws org.apache.kafka.streams.errors.InvalidStateStoreException while not queryable here
   */
  public static Map<String, ModelSlot.Known> known(KafkaStreams streams) {
    Map<String, ModelSlot.Known> out = new TreeMap<>();
    try (KeyValueIterator<String, byte[]> it = local(streams, StoreNames.SLOTS).all()) {
      while (it.hasNext()) {
        KeyValue<String, byte[]> kv = it.next();
        ModelSlot slot = StateSerde.slot(kv.value);
        if (slot != null && slot.known() != null) {
          out.put(kv.key, slot.known());
        }
      }
    }
    return out;
  }

  /** This replica's copy of a store, active or standby. */
  private static ReadOnlyKeyValueStore<String, byte[]> local(KafkaStreams streams, String name) {
    return streams.store(
        StoreQueryParameters.fromNameAndType(
                name, QueryableStoreTypes.<String, byte[]>keyValueStore())
            .enableStaleStores());
  }
}
