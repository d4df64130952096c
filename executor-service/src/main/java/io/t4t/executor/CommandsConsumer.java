package io.t4t.executor;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import io.t4t.core.roles.ExecutorRole;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.Failures;
import io.t4t.events.Topic;
import io.t4t.operations.Records;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Thin: decodes a command, hands it to {@link CommandService}, and publishes every outcome event
 * before the record is acknowledged (when its offset may be committed). A record that is not a
 * command for this project goes to the dead-letter topic ({@link Records}).
 */
@ApplicationScoped
public class CommandsConsumer {
  @Inject CommandService commands;

  @Inject RunMetrics metrics;

  @Inject Drain drain;

  @Inject Records records;

  @Inject
  @Channel("model-events")
  Emitter<Record<String, byte[]>> events;

  @Inject
  @Channel("merge-tasks-out")
  Emitter<Record<String, byte[]>> tasks;

  @Incoming("model-run-commands")
  @Blocking
  public CompletionStage<Void> consume(Message<byte[]> record) {
    return apply(record, Topic.MODEL_RUN_COMMANDS);
  }

  /** A bucket of a fanned-out run: this executor is its merge sink while it owns the partition. */
  @Incoming("merge-tasks")
  @Blocking
  public CompletionStage<Void> consumeMergeTask(Message<byte[]> record) {
    return apply(record, Topic.MERGE_TASKS);
  }

  /**
   * Applies one record of the topic and publishes its outcome. While the executor stops (see {@link
   * Drain}) a new record is never acknowledged, so it is redelivered to another executor.
   */
  private CompletionStage<Void> apply(Message<byte[]> record, Topic topic) {
    if (!drain.enter()) {
      return new CompletableFuture<>(); // held: never acknowledged, redelivered elsewhere
    }
    try {
      return records.process(record, value -> handle(EventJson.read(value, topic)));
    } finally {
      drain.exit();
    }
  }

  private void handle(Envelope command) {
    List<Envelope> out;
    try {
      out = commands.apply(command);
    } catch (RuntimeException failure) {
      if (!Failures.isTransient(failure)) {
        // the record is dead-lettered; the planner still learns that the model failed
        publish(List.of(ExecutorRole.failed(command, failure)));
      }
      throw failure;
    }
    publish(out);
  }

  private void publish(List<Envelope> out) {
    metrics.record(out);
    for (Envelope e : out) {
      Record<String, byte[]> r = Record.of(e.key(), EventJson.write(e));
      records.publish(e.payload() instanceof io.t4t.events.MergeTask ? tasks : events, r);
    }
  }
}
