package io.t4t.events;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record that could not be processed, as it sits on the dead-letter topic ({@code
 * <prefix>dead-letters}): the original key and value unchanged, and these headers saying why and
 * where it came from. The first five are the ones SmallRye Reactive Messaging's dead-letter queue
 * writes, so records dead-lettered by the Quarkus services and by {@code t4t serve} read alike; the
 * {@code t4t-} headers add the reason code and the service. Replaying a dead letter means producing
 * its key and value to {@link #topic()} again (see docs/reference/events.md).
 *
 * @param code why, from a fixed set (the metric's {@code reason} label)
 * @param reason the full message, naming the field, model or value and what to do
 * @param topic the topic the record was read from
 * @param partition its partition
 * @param offset its offset
 * @param service which service dead-lettered it (e.g. {@code t4t-executor-service})
 */
public record DeadLetter(
    DeadLetterReason code,
    String reason,
    String topic,
    int partition,
    long offset,
    String service) {

  public static final String REASON = "dead-letter-reason";
  public static final String TOPIC = "dead-letter-topic";
  public static final String PARTITION = "dead-letter-partition";
  public static final String OFFSET = "dead-letter-offset";
  public static final String EXCEPTION = "dead-letter-exception-class-name";
  public static final String CODE = "t4t-dead-letter-code";
  public static final String SERVICE = "t4t-dead-letter-service";

  /** The dead letter for a record that failed with {@code failure}. */
  public static DeadLetter of(
      Throwable failure, String topic, int partition, long offset, String service) {
    return new DeadLetter(reasonOf(failure), messageOf(failure), topic, partition, offset, service);
  }

  /** The reason code of a failure: a bad event says why; anything else failed processing. */
  public static DeadLetterReason reasonOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EventFormatException e) {
        return e.reason();
      }
    }
    return DeadLetterReason.PROCESSING_FAILED;
  }

  /** The bad event's own message where the failure has one (it names field and value). */
  private static String messageOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof EventFormatException e) {
        return e.getMessage();
      }
    }
    String m = failure.getMessage();
    return m == null || m.isBlank() ? failure.toString() : m;
  }

  /**
   * The headers t4t adds itself; SmallRye's dead-letter queue writes the others (reason, topic,
   * partition, offset) from the record and the failure.
   */
  public Map<String, String> t4tHeaders() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(CODE, code.wireName());
    h.put(SERVICE, service);
    return h;
  }

  /** Every header, for a transport that writes dead letters itself. */
  public Map<String, String> headers() {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(REASON, reason);
    h.put(TOPIC, topic);
    h.put(PARTITION, Integer.toString(partition));
    h.put(OFFSET, Long.toString(offset));
    h.putAll(t4tHeaders());
    return h;
  }

  /**
   * Reads a dead letter's headers (as written by either transport).
   *
   * @throws IllegalArgumentException when a header is missing or malformed
   */
  public static DeadLetter fromHeaders(Map<String, String> headers) {
    try {
      return new DeadLetter(
          DeadLetterReason.fromName(need(headers, CODE)),
          need(headers, REASON),
          need(headers, TOPIC),
          Integer.parseInt(need(headers, PARTITION)),
          Long.parseLong(need(headers, OFFSET)),
          headers.getOrDefault(SERVICE, "unknown"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("Invalid dead letter: " + e.getMessage(), e);
    }
  }

  private static String need(Map<String, String> headers, String name) {
    String v = headers.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "Invalid dead letter: header '" + name + "' is missing (not a t4t dead letter?)");
    }
    return v;
  }
}
