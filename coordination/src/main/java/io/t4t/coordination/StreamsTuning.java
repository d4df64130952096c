package io.t4t.coordination;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How the coordination runs on Kafka Streams (decision 0007): exactly once, tuned for the latency
 * of one event through two hops (the inputs to the single coordination partition, and on to the
 * executors). The planner-service sets the same values in its application.properties (pinned by its
 * config test); {@code t4t serve} takes them from here.
 */
public final class StreamsTuning {
  private StreamsTuning() {}

  /** The settings, by Kafka Streams config name (client settings with their prefix). */
  public static Map<String, String> settings() {
    Map<String, String> s = new LinkedHashMap<>();
    // consuming an event, changing the stores and publishing the commands commit together
    s.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    // every commit ends a transaction that readers (read_committed) wait for: each hop waits up
    // to this long; 20 ms keeps an arrival's two hops well inside 100 ms at ~50 commits a second
    s.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "20");
    // how long a poll blocks when there is nothing to read: timers are checked between polls
    s.put(StreamsConfig.POLL_MS_CONFIG, "10");
    // a warm copy of the coordinator's stores on the other replica: failover without restoring
    s.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, "1");
    s.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, "0");
    // Kafka Streams batches its producer for 100 ms by default: a command would wait for it
    s.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "0");
    // a planner killed mid-transaction leaves it open, and readers of committed records wait
    // behind it until it times out: 5 s instead of 10 (a transaction here lasts ~20 ms); the
    // brokers check for timed-out ones every second (transaction.abort.timed.out.transaction
    // .cleanup.interval.ms in deploy/k8s, the embedded and test brokers)
    s.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "5000");
    // a planner that died is noticed in 6 s (the broker's minimum), not 45 s
    s.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000");
    s.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), "1500");
    // a stopping replica leaves its group at once, so its tasks (the input partitions it decodes,
    // or the coordination) move without waiting for the session timeout. Kafka Streams turns this
    // off to spare a rebalance when an instance restarts in place; a planner's rolling restart
    // wants the move. (CloseOptions.leaveGroup acts for static members only.)
    s.put(StreamsConfig.mainConsumerPrefix("internal.leave.group.on.close"), "true");
    return s;
  }

  /** Every setting for a topology run outside Quarkus ({@code t4t serve}). */
  public static Properties properties(
      String applicationId, String bootstrapServers, java.nio.file.Path stateDir) {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    p.putAll(settings());
    return p;
  }
}
