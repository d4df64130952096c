package io.t4t.planner;

import io.smallrye.common.annotation.Blocking;
import io.t4t.events.EventJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Thin: every topic the planner reads, decoded and handed to {@link Planning}. */
@ApplicationScoped
public class EventsConsumer {
  @Inject Planning planning;

  @Incoming("run-requests")
  @Blocking
  public void runRequest(byte[] value) {
    planning.handle(EventJson.read(value));
  }

  @Incoming("data-arrivals")
  @Blocking
  public void arrival(byte[] value) {
    planning.handle(EventJson.read(value));
  }

  @Incoming("model-events")
  @Blocking
  public void modelEvent(byte[] value) {
    planning.handle(EventJson.read(value));
  }

  @Incoming("model-state")
  @Blocking
  public void modelState(byte[] value) {
    if (value != null) { // a tombstone: a reset model
      planning.handle(EventJson.read(value));
    }
  }
}
