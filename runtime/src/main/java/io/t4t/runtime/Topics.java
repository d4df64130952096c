package io.t4t.runtime;

import io.t4t.events.Topic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;

/** Creates the t4t topics that are missing, with the retention or compaction each one needs. */
public final class Topics {
  private Topics() {}

  /**
   * @param partitions partitions per topic: as many as executors that should share the work
   */
  public static void create(String bootstrapServers, String prefix, int partitions) {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers))) {
      var existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic t : Topic.values()) {
        if (existing.contains(t.name(prefix))) {
          continue;
        }
        Map<String, String> config =
            t.compacted()
                ? Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)
                : Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(t.retention().toMillis()));
        missing.add(new NewTopic(t.name(prefix), partitions, (short) 1).configs(config));
      }
      admin.createTopics(missing).all().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while creating t4t topics", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("Cannot create the t4t topics: " + e.getCause(), e);
    }
  }
}
