package io.t4t.state;

import io.smallrye.common.annotation.Blocking;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelState;
import io.t4t.events.Topic;
import io.t4t.operations.Records;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Thin: decodes a model event, hands it to {@link StateService} (state, history and the outbox in
 * one transaction), then has {@link StatePublisher} publish the new state. The event's offset is
 * committed after the database commit: from there the outbox guarantees the publish. A database
 * that is away is waited for; a record that is not a model event goes to the dead-letter topic
 * ({@link Records}).
 */
@ApplicationScoped
public class ModelEventsConsumer {
  /**
   * Test hook only: stop the process right after the first database commit, before publishing, to
   * prove that the outbox publishes what a crash there left behind (e2e StateOutboxIT).
   */
  static final String HALT_AFTER_COMMIT = "t4t.test.halt-state-service-after-commit";

  @Inject StateService state;
  @Inject StatePublisher publisher;
  @Inject FreshnessMetrics freshness;
  @Inject HistoryMetrics history;
  @Inject Records records;

  @Incoming("model-events")
  @Blocking
  public CompletionStage<Void> consume(Message<byte[]> record) {
    return records.process(record, this::apply);
  }

  private void apply(byte[] value) {
    Envelope event = EventJson.read(value, Topic.MODEL_EVENTS);
    StateService.Applied applied = state.apply(event);
    if (applied.recorded()) { // after the commit, once per event id
      history.record(event);
    }
    Optional<ModelState> changed = applied.state();
    changed.ifPresent(freshness::update);
    if (changed.isPresent() && Boolean.getBoolean(HALT_AFTER_COMMIT)) {
      Runtime.getRuntime().halt(99);
    }
    publisher.publishPendingQuietly();
  }
}
