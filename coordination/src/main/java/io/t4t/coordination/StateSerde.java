package io.t4t.coordination;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.t4t.core.coordinate.ModelProgress;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.coordinate.RunHeader;
import io.t4t.core.coordinate.Schedule;
import java.io.IOException;

/**
 * The coordinator's state entries as JSON in the state stores (and so in their changelog topics).
 * Readable by people inspecting a changelog; fields a later build adds are ignored by an older one.
 */
final class StateSerde {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private StateSerde() {}

  static byte[] write(Object value) {
    try {
      return JSON.writeValueAsBytes(value);
    } catch (IOException e) {
      throw new IllegalStateException("Cannot write coordinator state: " + e.getMessage(), e);
    }
  }

  static <T> T read(byte[] bytes, Class<T> type) {
    if (bytes == null) {
      return null;
    }
    try {
      return JSON.readValue(bytes, type);
    } catch (IOException e) {
      throw new IllegalStateException(
          "Cannot read coordinator state (" + type.getSimpleName() + "): " + e.getMessage(), e);
    }
  }

  static RunHeader run(byte[] b) {
    return read(b, RunHeader.class);
  }

  static ModelProgress progress(byte[] b) {
    return read(b, ModelProgress.class);
  }

  static ModelSlot slot(byte[] b) {
    return read(b, ModelSlot.class);
  }

  static Schedule schedule(byte[] b) {
    return read(b, Schedule.class);
  }
}
