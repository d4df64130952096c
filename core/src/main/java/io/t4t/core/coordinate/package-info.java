/**
 * The planner role, event-driven: {@link io.t4t.core.coordinate.Coordinator} is a pure function of
 * (state, event, now) to (changes, events to publish): run requests, data arrivals and model
 * outcomes in; model-run commands, finalizes, retried merge tasks and skipped models out. The state
 * ({@link io.t4t.core.coordinate.CoordinatorStore}) lives in memory for {@code t4t run} and in
 * Kafka Streams state stores for {@code t4t serve} and the planner-service; both wrap the same
 * decisions with a thin shell. May depend on {@code project}, {@code dag}, {@code error} and the
 * events module; nothing here reads the warehouse.
 */
package io.t4t.core.coordinate;
