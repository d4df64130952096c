package io.t4t.core.coordinate;

import io.t4t.events.Envelope;
import io.t4t.events.Payload;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One decision in the making: the changes over the state it read, the time it is made at, and the
 * events to publish, in order. Every part of the coordinator writes to the one step it is handed,
 * so a decision stays a pure function of (state, event, now).
 */
final class Step {
  final Changes changes;
  final Instant now;
  private final List<Envelope> out = new ArrayList<>();

  Step(CoordinatorStore state, Instant now) {
    this.changes = new Changes(state);
    this.now = now;
  }

  /** Publishes an event of the run, after those published before it in this decision. */
  void publish(String runId, Payload payload) {
    out.add(Envelope.of(runId, payload));
  }

  /** True when the run selected the model and it is running: an outcome for it counts. */
  boolean running(String runId, String model) {
    ModelProgress p = changes.progress(runId, model);
    return p != null && p.status() == Status.RUNNING;
  }

  Coordinator.Decision decision() {
    return new Coordinator.Decision(changes, out);
  }
}
