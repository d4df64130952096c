package io.t4t.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

/** Pins the documented defaults of {@code t4t.state.*}. */
class StateServiceConfigTest {
  @Test
  void defaults() {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder().withMapping(StateServiceConfig.class).build();
    StateServiceConfig state = config.getConfigMapping(StateServiceConfig.class);
    assertThat(state.topicPrefix()).isEqualTo("t4t.");
    assertThat(state.publishState()).isTrue();
  }
}
