/**
 * The roles as message handlers: each takes an event and returns the events to publish, over the
 * plain core classes. Transports (the embedded runtime, the Quarkus services) only move bytes and
 * call these; no business logic lives in an annotated consumer method.
 */
package io.t4t.core.roles;
