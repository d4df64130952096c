package io.t4t.core.sql;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** A typed value on its way into SQL; a dialect renders it as a literal of its own syntax. */
public sealed interface SqlValue {
  record Date(LocalDate value) implements SqlValue {}

  record Timestamp(LocalDateTime value) implements SqlValue {}

  record TimestampTz(OffsetDateTime value) implements SqlValue {}

  record Number(BigDecimal value) implements SqlValue {}

  record Text(String value) implements SqlValue {}

  record Bool(boolean value) implements SqlValue {}

  record Null() implements SqlValue {}

  /**
   * A stored value of a known column type, e.g. a watermark read back from state: rendered as
   * {@code CAST('<text>' AS <type>)}.
   */
  record Typed(String text, String sqlType) implements SqlValue {}
}
