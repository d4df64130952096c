package io.t4t.planner;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code t4t.planner.*}: the planner-service's own settings. */
@ConfigMapping(prefix = "t4t.planner")
public interface PlannerServiceConfig {
  /** The project folder (holding project.toml). */
  String project();

  /** The {@code [targets.<name>]} of project.toml to connect to; default: [connection]. */
  Optional<String> target();

  /** Prefix of every t4t topic name. */
  @WithDefault("t4t.")
  String topicPrefix();

  /** How long data arrivals are collected into one run. */
  @WithDefault("PT0.2S")
  Duration coalesceWindow();

  /** How often a model whose run failed with a retryable error is commanded in all. */
  @WithDefault("3")
  int maxAttempts();

  /** The wait before the first retry of a failed model or bucket; it doubles with each retry. */
  @WithDefault("PT0.5S")
  Duration retryBackoff();

  /**
   * How long a finished run is kept for {@code GET /runs/{id}}; after that its progress is dropped
   * and, for as long again, the planner says it expired.
   */
  @WithDefault("P3D")
  Duration retention();

  /** How often timers (arrival windows, retries, expiry) are checked. */
  @WithDefault("PT0.02S")
  Duration tickInterval();

  /**
   * The state-service's base address (e.g. {@code http://t4t-state:8080}), where the console reads
   * a model's run history ({@code GET /state/{model}/history}, with the browser's token); empty:
   * the console's model pages say history is not available here.
   */
  Optional<java.net.URI> stateUrl();
}
