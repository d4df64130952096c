package io.t4t.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.common.MapBackedConfigSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pins the documented defaults of {@code t4t.executor.*} and the consumers' settings. */
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
    assertThat(executor.drainTimeout()).isEqualTo(Duration.ofSeconds(90));
  }

  /**
   * Runs take minutes and a command is acknowledged when its run ends: the connector must not fail
   * a channel (and the liveness check) over a record waiting longer than its default 60 s.
   */
  @Test
  void aLongRunNeverFailsTheConsumers() throws Exception {
    java.util.Properties app = new java.util.Properties();
    try (var in = getClass().getResourceAsStream("/application.properties")) {
      app.load(in);
    }
    for (String channel : java.util.List.of("model-run-commands", "merge-tasks")) {
      assertThat(
              app.getProperty(
                  "mp.messaging.incoming." + channel + ".throttled.unprocessed-record-max-age.ms"))
          .as(channel)
          .isEqualTo("0");
    }
  }
}
