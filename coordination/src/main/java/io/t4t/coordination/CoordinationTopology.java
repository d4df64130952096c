package io.t4t.coordination;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.events.Topic;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The planner's coordination as a Kafka Streams topology:
 *
 * <pre>
 *   run-requests, data-arrivals,   decode ──bad──► dead-letters
 *   model-events, model-state ───►   │
 *                                    └──► coordination (1 partition) ─► coordinate ─► model-run-commands,
 *                                                  [t4t-runs, t4t-progress, t4t-slots,  merge-tasks,
 *                                                   t4t-schedule, t4t-expiry]           model-events,
 *                                                                                       dead-letters
 * </pre>
 *
 * The coordinator decides across models and runs, so every event goes through one task: the inputs
 * are repartitioned onto a single-partition internal topic. With {@code exactly_once_v2}, consuming
 * an event, changing the stores and publishing the commands it causes commit together.
 */
public final class CoordinationTopology {
  /** The internal repartition topic is {@code <application id>-coordination-repartition}. */
  static final String COORDINATION = "coordination";

  private CoordinationTopology() {}

  /**
   * @param coordinator the decisions
   * @param prefix the installation's topic prefix, e.g. {@code t4t.}
   * @param service the name dead letters carry (e.g. {@code t4t-planner-service})
   * @param tick how often timers are checked (arrival windows, retries, expiry)
   */
  public static Topology build(
      Coordinator coordinator, String prefix, String service, Duration tick) {
    StreamsBuilder b = new StreamsBuilder();
    for (String name : StoreNames.ALL) {
      b.addStateStore(
          Stores.keyValueStoreBuilder(
                  Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.ByteArray())
              .withCachingDisabled()
              .withLoggingEnabled(java.util.Map.of()));
    }
    List<String> inputs =
        List.of(Topic.RUN_REQUESTS, Topic.DATA_ARRIVALS, Topic.MODEL_EVENTS, Topic.MODEL_STATE)
            .stream()
            .map(t -> t.name(prefix))
            .toList();
    KStream<String, Routed> decoded =
        b.stream(inputs, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("inputs"))
            .process(
                () -> new Decode(coordinator, prefix, service, COORDINATION), Named.as("decode"));
    Produced<String, Routed> routed =
        Produced.with(Serdes.String(), Routed.serde()).withName("publish");
    decoded
        .split(Named.as("route-"))
        .branch(
            (k, v) -> v.topic().equals(COORDINATION),
            Branched.withConsumer(
                s ->
                    s.mapValues(Routed::value, Named.as("unwrap"))
                        .repartition(
                            Repartitioned.with(Serdes.String(), Serdes.ByteArray())
                                .withName(COORDINATION)
                                .withNumberOfPartitions(1))
                        .process(
                            () -> new Coordinate(coordinator, prefix, service, tick),
                            Named.as("coordinate"),
                            StoreNames.ALL.toArray(new String[0]))
                        .to((k, v, ctx) -> v.topic(), routed),
                "coordinate"))
        .defaultBranch(
            Branched.withConsumer(
                s ->
                    s.to(
                        (k, v, ctx) -> v.topic(),
                        Produced.with(Serdes.String(), Routed.serde()).withName("dead-letters")),
                "dead"));
    return b.build();
  }
}
