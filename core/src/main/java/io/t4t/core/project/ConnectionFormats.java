package io.t4t.core.project;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link ConnectionFormat} of each engine, found once with {@link ServiceLoader} in {@code
 * META-INF/services/io.t4t.core.project.ConnectionFormat} (the list of engine providers).
 */
public final class ConnectionFormats {
  private static final List<ConnectionFormat> ALL =
      ServiceLoader.load(ConnectionFormat.class, ConnectionFormat.class.getClassLoader()).stream()
          .map(ServiceLoader.Provider::get)
          .toList();
  private static final Map<EngineType, ConnectionFormat> BY_TYPE = byType();

  private ConnectionFormats() {}

  /** Every registered format, in registration order. */
  public static List<ConnectionFormat> all() {
    return ALL;
  }

  /** The format of {@code type}; every {@link EngineType} has one (a test checks it). */
  public static ConnectionFormat of(EngineType type) {
    ConnectionFormat f = BY_TYPE.get(type);
    if (f == null) {
      throw new IllegalStateException(
          "Cannot find the provider of engine "
              + type.wireName()
              + ": add it to META-INF/services/"
              + ConnectionFormat.class.getName());
    }
    return f;
  }

  private static Map<EngineType, ConnectionFormat> byType() {
    Map<EngineType, ConnectionFormat> m = new EnumMap<>(EngineType.class);
    for (ConnectionFormat f : ALL) {
      if (m.putIfAbsent(f.type(), f) != null) {
        throw new IllegalStateException("Two providers declare engine " + f.type().wireName());
      }
    }
    return m;
  }
}
