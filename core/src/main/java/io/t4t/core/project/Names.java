package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Strict parsing of names coming from files and command lines. */
public final class Names {
  private Names() {}

  /** True when {@code s} is a plain SQL identifier t4t accepts for schemas, models and columns. */
  public static boolean isIdentifier(String s) {
    return io.t4t.core.sql.Identifiers.isPlain(s);
  }

  /** Case-insensitive lookup of an enum constant by its wire name, failing with the choices. */
  public static <E extends Enum<E> & Named> E fromName(Class<E> type, String what, String value) {
    if (value != null) {
      for (E e : type.getEnumConstants()) {
        if (e.wireName().equalsIgnoreCase(value.trim())) {
          return e;
        }
      }
    }
    String choices =
        Arrays.stream(type.getEnumConstants())
            .map(Named::wireName)
            .collect(Collectors.joining(", "));
    throw new InvalidInputException(
        "Unknown " + what + ": '" + value + "' (expected one of " + choices + ")");
  }

  /** An enum with a name as written in project files. */
  public interface Named {
    String wireName();

    /** The default wire name: the constant's name in lower case. */
    static String lower(Enum<?> e) {
      return e.name().toLowerCase(Locale.ROOT);
    }
  }
}
