package io.t4t.core.sql;

import io.t4t.core.error.InvalidInputException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Typing of values written by users (metadata literals, {@code --vars}) and of watermarks. */
public final class Literals {
  private static final Pattern AT_VAR = Pattern.compile("@([A-Za-z_][A-Za-z0-9_]*)");
  private static final Pattern BRACE_VAR =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?");
  private static final Pattern TIMESTAMP_TZ =
      Pattern.compile(
          "\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}(:?\\d{2})?)");
  private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

  private Literals() {}

  /** {@code "@name"} or {@code "{{ name }}"} as a whole value: the variable's name. */
  public static Optional<String> variableReference(String text) {
    Matcher m = AT_VAR.matcher(text.trim());
    if (m.matches()) {
      return Optional.of(m.group(1));
    }
    m = BRACE_VAR.matcher(text.trim());
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /** True for ISO dates, ISO timestamps (with or without offset) and numbers. */
  public static boolean isTemporalOrNumber(String text) {
    try {
      return !(fromString(text) instanceof SqlValue.Text);
    } catch (InvalidInputException e) {
      return false;
    }
  }

  /**
   * Types a user-written string: an ISO date becomes a DATE, an ISO timestamp a TIMESTAMP (or
   * TIMESTAMP WITH TIME ZONE with an offset), a number a NUMBER; anything else stays text.
   */
  public static SqlValue fromString(String text) {
    String t = text.trim();
    try {
      if (DATE.matcher(t).matches()) {
        return new SqlValue.Date(LocalDate.parse(t));
      }
      if (TIMESTAMP.matcher(t).matches()) {
        return new SqlValue.Timestamp(LocalDateTime.parse(t.replace(' ', 'T')));
      }
      if (TIMESTAMP_TZ.matcher(t).matches()) {
        return new SqlValue.TimestampTz(OffsetDateTime.parse(normalizeOffset(t.replace(' ', 'T'))));
      }
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "Invalid date or timestamp '" + text + "': " + e.getMessage());
    }
    if (NUMBER.matcher(t).matches()) {
      return new SqlValue.Number(new BigDecimal(t));
    }
    return new SqlValue.Text(text);
  }

  /** Types a value from {@code --vars} JSON (already decoded by Jackson into Java types). */
  public static SqlValue fromJson(String name, Object value) {
    if (value == null) {
      return new SqlValue.Null();
    }
    if (value instanceof String s) {
      try {
        return fromString(s);
      } catch (InvalidInputException e) {
        throw new InvalidInputException(
            "Invalid --vars value for '" + name + "': " + e.getMessage(), e);
      }
    }
    if (value instanceof Boolean b) {
      return new SqlValue.Bool(b);
    }
    if (value instanceof java.lang.Number n) {
      return new SqlValue.Number(new BigDecimal(n.toString()));
    }
    throw new InvalidInputException(
        "Invalid value for variable '"
            + name
            + "' in --vars: expected a string, number, boolean or null, not "
            + value.getClass().getSimpleName());
  }

  /** Validates a variable name as written after {@code @} or inside {@code {{ }}}. */
  public static String variableName(String name) {
    if (!Identifiers.isPlain(name)) {
      throw new InvalidInputException("Invalid variable name '" + name + "'");
    }
    return name;
  }

  /**
   * The text stored as a watermark for a value read from JDBC: ISO forms for dates and times, plain
   * digits for numbers.
   */
  public static String watermarkText(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime().format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
    if (value instanceof java.sql.Date d) {
      return d.toLocalDate().toString();
    }
    if (value instanceof LocalDateTime ldt) {
      return ldt.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
    if (value instanceof BigDecimal bd) {
      return bd.toPlainString();
    }
    return value.toString();
  }

  /**
   * The later of two watermarks written by {@link #watermarkText}; null counts as "none". Values of
   * one column always parse to the same type, so they compare as dates, times or numbers.
   */
  public static String laterWatermark(String a, String b) {
    if (a == null) {
      return b;
    }
    if (b == null) {
      return a;
    }
    return compare(fromString(a), fromString(b)) >= 0 ? a : b;
  }

  private static int compare(SqlValue a, SqlValue b) {
    if (a instanceof SqlValue.Date x && b instanceof SqlValue.Date y) {
      return x.value().compareTo(y.value());
    }
    if (a instanceof SqlValue.Timestamp x && b instanceof SqlValue.Timestamp y) {
      return x.value().compareTo(y.value());
    }
    if (a instanceof SqlValue.TimestampTz x && b instanceof SqlValue.TimestampTz y) {
      return x.value().toInstant().compareTo(y.value().toInstant());
    }
    if (a instanceof SqlValue.Number x && b instanceof SqlValue.Number y) {
      return x.value().compareTo(y.value());
    }
    return String.valueOf(a).compareTo(String.valueOf(b));
  }

  private static String normalizeOffset(String t) {
    // OffsetDateTime wants +HH:MM; accept +HH and +HHMM too.
    Matcher m = Pattern.compile("(.*[+-])(\\d{2})(\\d{2})?$").matcher(t);
    if (!t.endsWith("Z") && m.matches() && !t.matches(".*[+-]\\d{2}:\\d{2}$")) {
      return m.group(1) + m.group(2) + ":" + (m.group(3) == null ? "00" : m.group(3));
    }
    return t;
  }
}
