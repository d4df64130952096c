/**
 * The planner's coordination on Kafka Streams: {@link io.t4t.coordination.CoordinationTopology}
 * runs the core's {@link io.t4t.core.coordinate.Coordinator} in one processor over changelog-backed
 * stores, exactly once, with timers as punctuators; {@link io.t4t.coordination.RunQueries} reads
 * runs back by interactive query. Framework-free (Kafka Streams only): the planner-service gives
 * the topology to Quarkus, {@code t4t serve} runs it itself. May depend on core and events.
 */
package io.t4t.coordination;
