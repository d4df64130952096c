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

  @Inject
  @Channel("model-events")
  Emitter<Record<String, byte[]>> events;

  @Incoming("model-run-commands")
  @Blocking
  public void consume(byte[] value) {
    Envelope command = EventJson.read(value);
    if (!(command.payload() instanceof ModelRunCommand)) {
      throw new io.t4t.events.EventFormatException(
          "Cannot execute a " + command.type().wireName() + " event: expected model_run_command");
    }
    for (Envelope e : commands.apply(command)) {
      events.send(Record.of(e.key(), EventJson.write(e))).toCompletableFuture().join();
    }
  }
}
