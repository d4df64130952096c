package io.t4t.core.coordinate;

import java.time.Instant;

/**
 * Keys of the expiry index that sort by time as strings, so a store can find what is due with one
 * range scan: {@code <epoch millis, 19 digits>/<run id>}.
 */
public final class ExpiryKey {
  private ExpiryKey() {}

  public static String of(Instant when, String runId) {
    return String.format("%019d/%s", when.toEpochMilli(), runId);
  }

  /** The greatest key at {@code when}: every key due by then sorts at or before it. */
  public static String upTo(Instant when) {
    return String.format("%019d/\uffff", when.toEpochMilli());
  }

  public static Instant when(String key) {
    return Instant.ofEpochMilli(Long.parseLong(key.substring(0, 19)));
  }

  public static String runId(String key) {
    return key.substring(20);
  }
}
