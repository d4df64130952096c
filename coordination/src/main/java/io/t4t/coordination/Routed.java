package io.t4t.coordination;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * A record on its way out of a processor, with the topic it goes to; written as its value alone.
 *
 * @param topic the topic
 * @param value the record's value
 */
record Routed(String topic, byte[] value) {
  /** Writes the value only: the topic is the record's destination, not part of it. */
  static Serde<Routed> serde() {
    return Serdes.serdeFrom(
        (topic, r) -> r == null ? null : r.value(),
        (topic, bytes) -> {
          throw new UnsupportedOperationException("Routed records are never read back");
        });
  }
}
