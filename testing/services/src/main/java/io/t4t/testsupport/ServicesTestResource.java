package io.t4t.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.t4t.events.Topic;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Real infrastructure for every service test: Kafka and PostgreSQL 17. When a Docker engine
 * answers, they run as Testcontainers ({@code apache/kafka:4.1.1}, {@code postgres:17}); otherwise
 * (as on machines without Docker) a single-node KRaft broker runs in this JVM and PostgreSQL from
 * zonky's embedded binaries. {@code -Dt4t.test.infra=containers|embedded} forces one.
 */
public class ServicesTestResource implements QuarkusTestResourceLifecycleManager {
  private static final Logger LOG = Logger.getLogger("ServicesTestResource");

  private static String bootstrapServers;
  private static AutoCloseable kafka;
  private static AutoCloseable postgres;

  /** The broker the services under test use. */
  public static String bootstrapServers() {
    return bootstrapServers;
  }

  @Override
  public Map<String, String> start() {
    try {
      String jdbcUrl;
      if (useContainers()) {
        KafkaContainer k = new KafkaContainer("apache/kafka:4.1.1");
        PostgreSQLContainer pg = new PostgreSQLContainer("postgres:17");
        k.start();
        pg.start();
        kafka = k::stop;
        postgres = pg::stop;
        bootstrapServers = k.getBootstrapServers();
        jdbcUrl = pg.getJdbcUrl();
        LOG.info("Testcontainers: Kafka at " + bootstrapServers + ", " + jdbcUrl);
        createTopics();
        return Map.of(
            "kafka.bootstrap.servers",
            bootstrapServers,
            "quarkus.datasource.jdbc.url",
            jdbcUrl,
            "quarkus.datasource.username",
            pg.getUsername(),
            "quarkus.datasource.password",
            pg.getPassword());
      }
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      KafkaClusterTestKit k =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .build();
      k.format();
      k.startup();
      k.waitForReadyBrokers();
      kafka = k;
      postgres = pg;
      bootstrapServers = k.bootstrapServers();
      createTopics();
      return Map.of(
          "kafka.bootstrap.servers",
          bootstrapServers,
          "quarkus.datasource.jdbc.url",
          pg.getJdbcUrl("postgres", "postgres"),
          "quarkus.datasource.username",
          "postgres",
          "quarkus.datasource.password",
          "postgres");
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start Kafka and PostgreSQL for the tests", e);
    }
  }

  private static boolean useContainers() {
    String forced = System.getProperty("t4t.test.infra", "");
    if (forced.equals("embedded")) {
      return false;
    }
    if (forced.equals("containers")) {
      return true;
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false; // no Docker engine: the embedded infrastructure is just as real
    }
  }

  /** Every t4t topic (the planner's coordination waits for them), one partition each. */
  private static void createTopics() throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      List<NewTopic> topics = new java.util.ArrayList<>();
      for (Topic t : Topic.values()) {
        NewTopic n = new NewTopic(t.name("t4t."), 1, (short) 1);
        if (t.compacted()) {
          n.configs(Map.of("cleanup.policy", "compact"));
        }
        topics.add(n);
      }
      admin.createTopics(topics).all().get();
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
