package io.t4t.console;

import io.t4t.events.ModelState;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What the console says about one model at a glance: its last outcome and how fresh its data is.
 *
 * @param status the model's status in the latest run the console watched ({@code succeeded}, {@code
 *     failed}, {@code running}, ...); else {@code succeeded} when it has state (its last applied
 *     run), {@code never} when it has none
 * @param message why the latest run failed or skipped it, or null
 * @param freshnessSeconds seconds since its last applied run (the ledger's time, UTC), or null
 */
record ModelFacts(String status, String message, Long freshnessSeconds) {

  static ModelFacts of(String model, ModelState state, RunWatch watch, Instant now) {
    Long fresh =
        state == null || state.lastExecutionTimestamp() == null
            ? null
            : Math.max(
                0,
                Duration.between(state.lastExecutionTimestamp().toInstant(ZoneOffset.UTC), now)
                    .toSeconds());
    return watch
        .latest(model)
        .map(o -> new ModelFacts(o.status(), o.message(), fresh))
        .orElse(new ModelFacts(state == null ? "never" : "succeeded", null, fresh));
  }

  /** The freshness as people read it: {@code 42s}, {@code 5m}, {@code 3h}, {@code 2d}; or -. */
  public String freshness() {
    return age(freshnessSeconds);
  }

  static String age(Long seconds) {
    if (seconds == null) {
      return "-";
    }
    if (seconds < 120) {
      return seconds + "s";
    }
    if (seconds < 7200) {
      return seconds / 60 + "m";
    }
    return seconds < 172_800 ? seconds / 3600 + "h" : seconds / 86_400 + "d";
  }
}
