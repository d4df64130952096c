package io.t4t.coordination;

import io.t4t.events.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** A real single-node KRaft broker for these tests, with t4t's topics (4 partitions each). */
final class Broker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  Broker() throws Exception {
    cluster =
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
    cluster.format();
    cluster.startup();
    cluster.waitForReadyBrokers();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", servers()))) {
      List<NewTopic> topics = new ArrayList<>();
      for (Topic t : Topic.values()) {
        NewTopic n = new NewTopic(t.name("t4t."), 4, (short) 1);
        if (t.compacted()) {
          n.configs(Map.of("cleanup.policy", "compact"));
        }
        topics.add(n);
      }
      admin.createTopics(topics).all().get();
    }
  }

  String servers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
