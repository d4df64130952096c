package io.t4t.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which watermarks have an age: dates and timestamps (UTC unless they say otherwise). */
class FreshnessMetricsTest {
  @Test
  void datesAndTimestampsHaveAnAgeOtherWatermarksNone() {
    assertThat(FreshnessMetrics.watermarkInstant("2024-03-01 10:15:30"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30Z"));
    assertThat(FreshnessMetrics.watermarkInstant("2024-03-01T10:15:30.123456"))
        .isEqualTo(Instant.parse("2024-03-01T10:15:30.123456Z"));
    assertThat(FreshnessMetrics.watermarkInstant("2024-03-01 10:15:30+02:00"))
        .isEqualTo(Instant.parse("2024-03-01T08:15:30Z"));
    assertThat(FreshnessMetrics.watermarkInstant("2024-03-01"))
        .isEqualTo(Instant.parse("2024-03-01T00:00:00Z"));
    assertThat(FreshnessMetrics.watermarkInstant("42")).isNull();
    assertThat(FreshnessMetrics.watermarkInstant(null)).isNull();
    assertThat(FreshnessMetrics.watermarkInstant("")).isNull();
  }
}
