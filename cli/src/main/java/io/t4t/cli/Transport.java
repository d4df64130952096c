package io.t4t.cli;

/** How run-like commands move work between the planner and the executor (decision 0008). */
enum Transport {
  /** Through Kafka: an embedded broker, or the cluster --bootstrap-servers names. */
  kafka,
  /** The same roles in this process, no broker: the default for a one-shot run. */
  direct
}
