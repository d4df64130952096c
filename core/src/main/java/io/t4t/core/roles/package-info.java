/**
 * The roles as message handlers: each takes an event and returns the events to publish, over the
 * plain core classes. Transports (the embedded runtime, the Quarkus services) only move bytes and
 * call these; no business logic lives in an annotated consumer method. The executor side works
 * through an {@link io.t4t.core.execute.WarehouseSession} its caller opened, so a service loads its
 * project once. May depend on {@code coordinate}, {@code execute}, {@code plan}, {@code dag},
 * {@code dialect}, {@code project}, {@code sql}, {@code audit} (test outcomes in events), {@code
 * error} and the events module, never on {@code run}.
 */
package io.t4t.core.roles;
