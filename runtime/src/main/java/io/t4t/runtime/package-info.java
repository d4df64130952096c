/**
 * The roles over Kafka in one process. {@link io.t4t.runtime.EmbeddedKafka} starts a real
 * single-node KRaft broker in this JVM; {@link io.t4t.runtime.KafkaRunner} publishes a run request
 * and moves every event between the topics and the role handlers of {@code io.t4t.core.roles} and
 * {@code io.t4t.core.coordinate} until the run is done. Handlers hold the logic; this package only
 * moves bytes. {@link io.t4t.runtime.Server} ({@code t4t serve}) also hosts the web console of
 * {@code io.t4t.console} ({@code ServeConsole}).
 */
package io.t4t.runtime;
