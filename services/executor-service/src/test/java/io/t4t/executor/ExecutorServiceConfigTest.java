package io.t4t.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the documented defaults of {@code t4t.executor.*}. */
class ExecutorServiceConfigTest {
  @Test
  void defaults() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(ExecutorServiceConfig.class)
            .withSources(new MapBackedConfigSource("test", Map.of("t4t.executor.project", "/p")) {})
            .build();
    ExecutorServiceConfig executor = config.getConfigMapping(ExecutorServiceConfig.class);
    assertThat(executor.project()).isEqualTo("/p");
    assertThat(executor.topicPrefix()).isEqualTo("t4t.");
    assertThat(executor.name()).isEmpty();
    assertThat(executor.warehouseWait()).isEqualTo(Duration.ofMinutes(2));
  }
}
