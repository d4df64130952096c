package io.t4t.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.t4t.events.Topic;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * Real infrastructure for service tests: a single-node KRaft Kafka broker in this JVM and an
 * embedded PostgreSQL 17 (zonky binaries). Docker is not available on these machines, so there is
 * no Testcontainers branch yet; a service test needs nothing but this resource.
 */
public class ServicesTestResource implements QuarkusTestResourceLifecycleManager {
  public static KafkaClusterTestKit kafka;
  public static EmbeddedPostgres postgres;

  @Override
  public Map<String, String> start() {
    try {
      postgres = EmbeddedPostgres.builder().start();
      kafka =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      kafka.format();
      kafka.startup();
      kafka.waitForReadyBrokers();
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        admin
            .createTopics(
                List.of(
                    new NewTopic(Topic.MODEL_EVENTS.name("t4t."), 1, (short) 1),
                    new NewTopic(Topic.MODEL_STATE.name("t4t."), 1, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact"))))
            .all()
            .get();
      }
      return Map.of(
          "kafka.bootstrap.servers",
          kafka.bootstrapServers(),
          "quarkus.datasource.jdbc.url",
          postgres.getJdbcUrl("postgres", "postgres"),
          "quarkus.datasource.username",
          "postgres",
          "quarkus.datasource.password",
          "postgres");
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start Kafka and PostgreSQL for the tests", e);
    }
  }

  @Override
  public void stop() {
    try {
      if (kafka != null) {
        kafka.close();
      }
      if (postgres != null) {
        postgres.close();
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
