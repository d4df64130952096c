package io.t4t.core.testing;

import io.t4t.core.coordinate.CommandFactory;
import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.InMemoryStore;
import io.t4t.core.coordinate.RunView;
import io.t4t.core.roles.CommandPlanner;
import io.t4t.core.roles.ExecutorRole;
import io.t4t.core.run.ProjectRunner;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelRunFinalize;
import io.t4t.events.RunRequested;
import io.t4t.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * The roles composed as the event-driven services compose them, in one thread: every event is
 * written to JSON and read back at every hop, every command and merge task is delivered {@code
 * deliveries} times, and each batch of events is shuffled.
 */
public final class EventBus {
  private EventBus() {}

  /** Drives the run to its end; {@code hook} sees each event as it is delivered. */
  public static RunView drive(
      ProjectRunner r,
      String runId,
      RunRequested request,
      int deliveries,
      Random shuffle,
      Consumer<Envelope> hook) {
    return drive(r, runId, request, deliveries, shuffle, hook, new CommandPlanner(r.session()));
  }

  /**
   * As {@link #drive(ProjectRunner, String, RunRequested, int, Random, Consumer)}, the commands
   * made by {@code commands}: a {@link io.t4t.core.roles.StatePlanner} plans from the files, as the
   * planner-service does.
   */
  public static RunView drive(
      ProjectRunner r,
      String runId,
      RunRequested request,
      int deliveries,
      Random shuffle,
      Consumer<Envelope> hook,
      CommandFactory commands) {
    Coordinator coordinator =
        new Coordinator(
            r.project(),
            r.graph(),
            new Coordinator.Settings(Duration.ZERO, 3, Duration.ZERO, Duration.ofDays(1)),
            commands);
    InMemoryStore store = new InMemoryStore();
    ExecutorRole executor = new ExecutorRole(r.session(), "test-executor");
    Deque<Envelope> bus = new ArrayDeque<>();
    bus.add(Envelope.of(runId, request));
    while (!bus.isEmpty()) {
      List<Envelope> batch = new ArrayList<>(bus);
      bus.clear();
      if (shuffle != null) {
        Collections.shuffle(batch, shuffle);
      }
      for (Envelope raw : batch) {
        Envelope e = EventJson.read(EventJson.write(raw));
        hook.accept(e);
        if (e.topic() == Topic.MODEL_RUN_COMMANDS || e.topic() == Topic.MERGE_TASKS) {
          int n = e.payload() instanceof ModelRunFinalize ? 1 : deliveries;
          for (int delivery = 0; delivery < n; delivery++) {
            bus.addAll(executor.handle(e));
          }
        } else {
          Coordinator.Decision d = coordinator.decide(store, e, null, Instant.now());
          d.changes().applyTo(store);
          bus.addAll(d.events());
        }
      }
    }
    return Coordinator.view(store, runId).orElseThrow();
  }
}
