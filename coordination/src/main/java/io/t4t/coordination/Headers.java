package io.t4t.coordination;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;

/** Record headers the topology reads and writes. */
final class Headers {
  /** The W3C trace context of a run, carried by every event of it. */
  static final String TRACEPARENT = "traceparent";

  /** Where a record entered the topology, so that a failure deeper in can still name it. */
  static final String ORIGIN_TOPIC = "t4t-origin-topic";

  static final String ORIGIN_PARTITION = "t4t-origin-partition";
  static final String ORIGIN_OFFSET = "t4t-origin-offset";

  private Headers() {}

  static String text(org.apache.kafka.common.header.Headers headers, String name) {
    Header h = headers.lastHeader(name);
    return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static void put(org.apache.kafka.common.header.Headers headers, String name, String value) {
    headers.remove(name);
    if (value != null) {
      headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
  }
}
