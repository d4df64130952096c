package io.t4t.state;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** {@code t4t.state.*}: the state-service's own settings. */
@ConfigMapping(prefix = "t4t.state")
public interface StateServiceConfig {
  /** Prefix of every t4t topic name, shared by all services of one installation. */
  @WithDefault("t4t.")
  String topicPrefix();

  /** Whether to publish each new model state to the compacted model-state topic. */
  @WithDefault("true")
  boolean publishState();
}
