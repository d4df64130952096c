package io.t4t.planner;

import io.smallrye.common.annotation.Blocking;
import io.t4t.events.EventJson;
import io.t4t.events.Topic;
import io.t4t.operations.Records;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Thin: every topic the planner reads, decoded and handed to {@link Planning}. A record that is not
 * a valid event of its topic for this project goes to the dead-letter topic ({@link Records}).
 */
@ApplicationScoped
public class EventsConsumer {
  @Inject Planning planning;

  @Inject Records records;

  @Incoming("run-requests")
  @Blocking
  public CompletionStage<Void> runRequest(Message<byte[]> record) {
    return handle(record, Topic.RUN_REQUESTS);
  }

  @Incoming("data-arrivals")
  @Blocking
  public CompletionStage<Void> arrival(Message<byte[]> record) {
    return handle(record, Topic.DATA_ARRIVALS);
  }

  @Incoming("model-events")
  @Blocking
  public CompletionStage<Void> modelEvent(Message<byte[]> record) {
    return handle(record, Topic.MODEL_EVENTS);
  }

  @Incoming("model-state")
  @Blocking
  public CompletionStage<Void> modelState(Message<byte[]> record) {
    if (record.getPayload() == null) { // a tombstone: a reset model
      return record.ack();
    }
    return handle(record, Topic.MODEL_STATE);
  }

  private CompletionStage<Void> handle(Message<byte[]> record, Topic topic) {
    return records.process(record, value -> planning.handle(EventJson.read(value, topic)));
  }
}
