package io.t4t.core.project;

import io.t4t.core.error.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lookback window such as {@code "3 hours"}: the incremental window starts this long before the
 * last processed value, so late rows are picked up.
 *
 * @param amount a non-negative count
 * @param unit one of second, minute, hour, day, week
 */
public record Lookback(long amount, Unit unit) {
  private static final Pattern FORM =
      Pattern.compile("(\\d{1,9})\\s+(second|minute|hour|day|week)s?", Pattern.CASE_INSENSITIVE);

  /** Units accepted in lookback values. */
  public enum Unit {
    SECOND(Duration.ofSeconds(1)),
    MINUTE(Duration.ofMinutes(1)),
    HOUR(Duration.ofHours(1)),
    DAY(Duration.ofDays(1)),
    WEEK(Duration.ofDays(7));

    private final Duration length;

    Unit(Duration length) {
      this.length = length;
    }
  }

  /** Parses {@code "N seconds|minutes|hours|days|weeks"} (singular allowed), nothing else. */
  public static Lookback parse(String text, String where) {
    Matcher m = text == null ? null : FORM.matcher(text.trim());
    if (m == null || !m.matches()) {
      throw new InvalidInputException(
          "Invalid lookback '"
              + text
              + "' in "
              + where
              + " (expected 'N seconds', 'N minutes', 'N hours', 'N days' or 'N weeks', e.g. '3 hours')");
    }
    return new Lookback(
        Long.parseLong(m.group(1)), Unit.valueOf(m.group(2).toUpperCase(Locale.ROOT)));
  }

  public Duration duration() {
    return unit.length.multipliedBy(amount);
  }

  @Override
  public String toString() {
    return amount + " " + unit.name().toLowerCase(Locale.ROOT) + (amount == 1 ? "" : "s");
  }
}
