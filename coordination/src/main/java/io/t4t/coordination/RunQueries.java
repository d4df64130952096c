package io.t4t.coordination;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.RunView;
import java.util.Optional;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;

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
    StoreView view =
        StoreView.readOnly(
            name ->
                streams.store(
                    StoreQueryParameters.fromNameAndType(
                            name, QueryableStoreTypes.<String, byte[]>keyValueStore())
                        .enableStaleStores()));
    return Coordinator.view(view, runId);
  }
}
