package io.t4t.planner;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the documented defaults of {@code t4t.planner.*}. */
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
  }
}
