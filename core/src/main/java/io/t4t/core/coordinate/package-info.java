/**
 * The planner role, event-driven: {@link io.t4t.core.coordinate.Coordinator} is a pure function of
 * (state, event, now) to (changes, events to publish): run requests, data arrivals and model
 * outcomes in; model-run commands, finalizes, retried merge tasks and skipped models out. The state
 * ({@link io.t4t.core.coordinate.CoordinatorStore}) lives in memory for {@code t4t run} and in
 * Kafka Streams state stores for {@code t4t serve} and the planner-service; both wrap the same
 * decisions with a thin shell.
 *
 * <p>The {@code Coordinator} is a facade that routes each event to the package-private part that
 * owns it, all writing to one {@code Step} (the decision in the making): {@code EventCheck} (what
 * an event must be), {@code Release} (runs, and the release of each model once its upstream models
 * succeeded and no other run has it), {@code Outcomes} (completions, failures, replans), {@code
 * FanIn} (the buckets of a fanned-out run), {@code Retries} (back-offs), {@code Arrivals}
 * (coalescing data arrivals into runs) and {@code Expiry} (retention of finished runs). The values
 * the state is made of ({@code RunHeader}, {@code ModelProgress}, {@code ModelSlot}, {@code
 * Schedule}) and the HTTP bodies ({@code RunRequests}, {@code RunAnswers}) live here too.
 *
 * <p>May depend on {@code project}, {@code dag}, {@code sql} (the graph's table references, named
 * in answers), {@code error}, {@code plan} (only to check a run request's variables) and the events
 * module; nothing here reads the warehouse.
 */
package io.t4t.core.coordinate;
