package io.t4t.executor;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.kafka.Record;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelRunCommand;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin: decodes a command, hands it to {@link CommandService}, and publishes every outcome event
 * before returning, which is when the command's offset may be committed.
 */
@ApplicationScoped
public class CommandsConsumer {
  @Inject CommandService commands;

  @Inject RunMetrics metrics;

  @Inject Drain drain;

  @Inject
  @Channel("model-events")
  Emitter<Record<String, byte[]>> events;

  @Inject
  @Channel("merge-tasks-out")
  Emitter<Record<String, byte[]>> tasks;

  @Incoming("model-run-commands")
  @Blocking
  public void consume(byte[] value) {
    apply(value, ModelRunCommand.class, "execute", "model_run_command");
  }

  /** A bucket of a fanned-out run: this executor is its merge sink while it owns the partition. */
  @Incoming("merge-tasks")
  @Blocking
  public void consumeMergeTask(byte[] value) {
    apply(value, io.t4t.events.MergeTask.class, "apply", "merge_task");
  }

  /**
   * Applies one record of the expected kind and publishes its outcome. While the executor stops
   * (see {@link Drain}) a new record is never acknowledged, so it is redelivered to another one.
   */
  private void apply(byte[] value, Class<?> expected, String verb, String expectedName) {
    if (!drain.enter()) {
      drain.hold();
    }
    try {
      Envelope e = EventJson.read(value);
      if (!expected.isInstance(e.payload())) {
        throw new io.t4t.events.EventFormatException(
            "Cannot " + verb + " a " + e.type().wireName() + " event: expected " + expectedName);
      }
      publish(commands.apply(e));
    } finally {
      drain.exit();
    }
  }

  private void publish(java.util.List<Envelope> out) {
    metrics.record(out);
    for (Envelope e : out) {
      Record<String, byte[]> r = Record.of(e.key(), EventJson.write(e));
      if (e.payload() instanceof io.t4t.events.MergeTask) {
        tasks.send(r).toCompletableFuture().join();
      } else {
        events.send(r).toCompletableFuture().join();
      }
    }
  }
}
