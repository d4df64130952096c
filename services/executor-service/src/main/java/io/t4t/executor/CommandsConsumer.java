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
    if (!drain.enter()) {
      drain.hold(); // stopping: never acknowledged, so redelivered to another executor
    }
    try {
      Envelope command = EventJson.read(value);
      if (!(command.payload() instanceof ModelRunCommand)) {
        throw new io.t4t.events.EventFormatException(
            "Cannot execute a " + command.type().wireName() + " event: expected model_run_command");
      }
      publish(commands.apply(command));
    } finally {
      drain.exit();
    }
  }

  /** A bucket of a fanned-out run: this executor is its merge sink while it owns the partition. */
  @Incoming("merge-tasks")
  @Blocking
  public void consumeMergeTask(byte[] value) {
    if (!drain.enter()) {
      drain.hold();
    }
    try {
      Envelope task = EventJson.read(value);
      if (!(task.payload() instanceof io.t4t.events.MergeTask)) {
        throw new io.t4t.events.EventFormatException(
            "Cannot apply a " + task.type().wireName() + " event: expected merge_task");
      }
      publish(commands.apply(task));
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
