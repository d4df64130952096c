package io.t4t.events;

/** Checks of payload fields, used by the payloads' constructors (also when JSON is read). */
final class Fields {
  private Fields() {}

  /** The text, which must be present and not blank. */
  static String required(String value, EventType type, String field) {
    if (value == null || value.isBlank()) {
      throw new EventFormatException(
          "Invalid " + type.wireName() + " payload: '" + field + "' is required");
    }
    return value;
  }

  /** The value, which must be present. */
  static <T> T required(T value, EventType type, String field) {
    if (value == null) {
      throw new EventFormatException(
          "Invalid " + type.wireName() + " payload: '" + field + "' is required");
    }
    return value;
  }

  static long atLeast(long value, long min, EventType type, String field) {
    if (value < min) {
      throw new EventFormatException(
          "Invalid "
              + type.wireName()
              + " payload: '"
              + field
              + "' is "
              + value
              + " (expected at least "
              + min
              + ")");
    }
    return value;
  }

  /** A bucket number of a fan-out into {@code buckets} buckets. */
  static void bucket(int bucket, int buckets, EventType type, String model) {
    if (buckets < 2 || bucket < 0 || bucket >= buckets) {
      throw new EventFormatException(
          "Invalid "
              + type.wireName()
              + " payload for "
              + model
              + ": bucket "
              + bucket
              + " of "
              + buckets
              + " (expected 0 <= bucket < buckets, buckets >= 2)");
    }
  }
}
