package io.t4t.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import io.t4t.coordination.StreamsTuning;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Pins the documented defaults of {@code t4t.planner.*} and the coordination's tuning. */
class PlannerServiceConfigTest {
  @Test
  void defaults() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(PlannerServiceConfig.class)
            .withSources(new MapBackedConfigSource("test", Map.of("t4t.planner.project", "/p")) {})
            .build();
    PlannerServiceConfig planner = config.getConfigMapping(PlannerServiceConfig.class);
    assertThat(planner.topicPrefix()).isEqualTo("t4t.");
    assertThat(planner.coalesceWindow()).isEqualTo(Duration.ofMillis(200));
    assertThat(planner.maxAttempts()).isEqualTo(3);
    assertThat(planner.retryBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(planner.retention()).isEqualTo(Duration.ofDays(3));
    assertThat(planner.tickInterval()).isEqualTo(Duration.ofMillis(20));
    assertThat(planner.stateUrl()).isEmpty();
  }

  @Test
  void theKafkaStreamsSettingsAreTheCoordinationsTuning() throws Exception {
    Properties p = new Properties();
    try (InputStream in = getClass().getResourceAsStream("/application.properties")) {
      p.load(in);
    }
    StreamsTuning.settings()
        .forEach((k, v) -> assertThat(p.getProperty("kafka-streams." + k)).as(k).isEqualTo(v));
  }
}
