package io.t4t.state;

import io.smallrye.reactive.messaging.kafka.Record;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Thin: decodes a model event, hands it to {@link StateService}, and publishes the new state before
 * the event's offset is committed (the method returns only after both).
 */
@ApplicationScoped
public class ModelEventsConsumer {
  @Inject StateService state;
  @Inject StateServiceConfig config;
  @Inject FreshnessMetrics freshness;

  @Inject
  @Channel("model-state")
  Emitter<Record<String, byte[]>> modelState;

  @Incoming("model-events")
  @io.smallrye.common.annotation.Blocking
  public void consume(byte[] value) {
    Envelope event = EventJson.read(value);
    java.util.Optional<io.t4t.events.ModelState> changed = state.apply(event);
    changed.ifPresent(freshness::update);
    changed
        .filter(s -> config.publishState())
        .ifPresent(
            s ->
                modelState
                    .send(Record.of(s.model(), EventJson.write(Envelope.of(event.runId(), s))))
                    .toCompletableFuture()
                    .join());
  }
}
