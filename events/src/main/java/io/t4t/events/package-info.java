/**
 * The contracts between t4t's roles, and nothing else: every message is an {@link
 * io.t4t.events.Envelope} around one {@link io.t4t.events.Payload}, sent as JSON on the {@link
 * io.t4t.events.Topic} its type belongs to, keyed as that topic says. No framework, no Kafka
 * client: services depend on this module; this module depends on Jackson only.
 *
 * <p>Compatibility: a payload may gain optional fields within a schema version (readers ignore
 * fields they do not know); removing or retyping a field needs a new schema version, and readers
 * refuse versions newer than they know with a clear error.
 */
package io.t4t.events;
