package io.t4t.runtime;

import java.util.logging.Logger;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka broker in this JVM: one combined KRaft controller and broker on loopback, from
 * Kafka's own cluster test kit, with its logs in a temporary folder deleted on close.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger("EmbeddedKafka");

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Formats and starts the broker and waits until it accepts clients. */
  public static EmbeddedKafka start() {
    long started = System.nanoTime();
    try {
      KafkaClusterTestKit cluster =
          new KafkaClusterTestKit.Builder(
                  new TestKitNodes.Builder()
                      .setCombined(true)
                      .setNumBrokerNodes(1)
                      .setNumControllerNodes(1)
                      .build())
              .setConfigProp("offsets.topic.replication.factor", "1")
              // one process: one partition each for group offsets and transactions (the
              // defaults, 50 each, cost seconds to create and to close)
              .setConfigProp("offsets.topic.num.partitions", "1")
              .setConfigProp("transaction.state.log.num.partitions", "1")
              .setConfigProp("transaction.state.log.replication.factor", "1")
              .setConfigProp("transaction.state.log.min.isr", "1")
              .setConfigProp("transaction.abort.timed.out.transaction.cleanup.interval.ms", "1000")
              .setConfigProp("group.initial.rebalance.delay.ms", "0")
              .setConfigProp("auto.create.topics.enable", "false")
              .build();
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
      EmbeddedKafka kafka = new EmbeddedKafka(cluster);
      LOG.info(
          String.format(
              "Started an embedded Kafka broker at %s in %.1f s",
              kafka.bootstrapServers(), (System.nanoTime() - started) / 1e9));
      return kafka;
    } catch (Exception e) {
      throw new IllegalStateException("Cannot start the embedded Kafka broker: " + e, e);
    }
  }

  /** The test kit announces formatting on standard output; keep the CLI's output clean. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream out = System.out;
    synchronized (System.class) {
      System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
      try {
        cluster.format();
      } finally {
        System.setOut(out);
      }
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  @Override
  public void close() {
    try {
      cluster.close();
    } catch (Exception e) {
      LOG.warning("Cannot stop the embedded Kafka broker cleanly: " + e);
    }
  }
}
