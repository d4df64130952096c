package io.t4t.executor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** {@code t4t.executor.*}: the executor-service's own settings. */
@ConfigMapping(prefix = "t4t.executor")
public interface ExecutorServiceConfig {
  /** The project folder (holding project.toml), as every executor and the planner see it. */
  String project();

  /** The {@code [targets.<name>]} of project.toml to connect to; default: [connection]. */
  Optional<String> target();

  /** Prefix of every t4t topic name. */
  @WithDefault("t4t.")
  String topicPrefix();

  /** This executor's name in model_started events; default: host name and process id. */
  Optional<String> name();

  /**
   * How long to wait for the warehouse when another process holds it (DuckDB allows one writing
   * process per file, so executors sharing one take turns); then the command fails as transient.
   */
  @WithDefault("PT2M")
  Duration warehouseWait();

  /**
   * On shutdown (SIGTERM), how long the commands in hand may take to finish before the process
   * stops anyway; the pod's termination grace period must be longer.
   */
  @WithDefault("PT90S")
  Duration drainTimeout();
}
