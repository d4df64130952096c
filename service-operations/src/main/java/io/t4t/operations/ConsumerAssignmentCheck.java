package io.t4t.operations;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: every Kafka consumer of this service has partitions assigned, read from the consumer's
 * own {@code assigned-partitions} metric (no call to the broker). A service that must own all of
 * its topics' partitions (the planner, the state-service: one replica each) is not ready until it
 * does. Executors scale out past the partition count, and a replica without partitions is a ready
 * standby: {@code t4t.health.require-assignment=false} there reports the counts without gating on
 * them. The broker connection itself is the Kafka connector's own check.
 */
@Readiness
@ApplicationScoped
public class ConsumerAssignmentCheck implements HealthCheck {
  static final String NAME = "t4t kafka consumer assignment";

  @Inject KafkaClientService clients;

  @ConfigProperty(name = "t4t.health.require-assignment", defaultValue = "true")
  boolean requireAssignment;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder r = HealthCheckResponse.named(NAME).up();
    for (String channel : clients.getConsumerChannels()) {
      var consumer = clients.getConsumer(channel);
      long assigned = consumer == null ? 0 : assignedPartitions(consumer.unwrap().metrics());
      r.withData(channel, assigned);
      if (assigned == 0 && requireAssignment) {
        r.down();
      }
    }
    return r.build();
  }

  static long assignedPartitions(Map<MetricName, ? extends Metric> metrics) {
    for (Map.Entry<MetricName, ? extends Metric> e : metrics.entrySet()) {
      if (e.getKey().name().equals("assigned-partitions")
          && e.getValue().metricValue() instanceof Number n) {
        return n.longValue();
      }
    }
    return 0;
  }
}
