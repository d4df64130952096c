package io.t4t.planner;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.streams.KafkaStreams;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the coordination runs: not while its stores are restoring from their changelogs
 * after a start or a failover (Kafka Streams is RUNNING only once they are), nor while rebalancing.
 * A replica holding the standby copy is ready too: it serves requests and reads.
 */
@Readiness
@ApplicationScoped
public class CoordinationReadiness implements HealthCheck {
  @Inject KafkaStreams streams;

  @Override
  public HealthCheckResponse call() {
    KafkaStreams.State state = streams.state();
    return HealthCheckResponse.named("t4t coordination")
        .status(state == KafkaStreams.State.RUNNING)
        .withData("state", state.name())
        .build();
  }
}
