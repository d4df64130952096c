/**
 * The state-service: consumes model events, keeps each model's state (the seed's {@code
 * tee_model_state} columns) and the run history in PostgreSQL, and publishes model state to the
 * compacted topic. The Kafka consumer only decodes and hands off to {@link
 * io.t4t.state.StateService}; redelivered events are recognised by their event id.
 */
package io.t4t.state;
