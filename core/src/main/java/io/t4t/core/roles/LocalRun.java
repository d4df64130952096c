package io.t4t.core.roles;

import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.coordinate.InMemoryStore;
import io.t4t.core.coordinate.RunHeader;
import io.t4t.core.coordinate.RunRequests;
import io.t4t.core.execute.RunFailure;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.Planner;
import io.t4t.events.Envelope;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.RunRequested;
import io.t4t.events.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A run in this process, with no broker: the coordinator (state in memory) and the executor role
 * hand each other events through a queue, in the order a single consumer of every topic would see
 * them. The same decisions as the planner-service make, with the ledger read through the session.
 */
public final class LocalRun {
  private final WarehouseSession session;
  private final Coordinator coordinator;
  private final ExecutorRole executor;
  private final InMemoryStore store = new InMemoryStore();

  public LocalRun(WarehouseSession session) {
    this.session = session;
    // Where this process is the warehouse's only writer (DuckDB holds its file for one process),
    // nothing but a model's own run changes its table during the run: the run's models are
    // described once, and the executor applies the plan the planner made in this thread from the
    // same ledger position instead of planning again. Elsewhere others may write between the two,
    // so the executor plans again, as the services' executors do.
    boolean onlyWriter =
        !session.warehouse().dialect().supports(io.t4t.core.dialect.Capability.CONCURRENT_WRITERS);
    CommandPlanner planner = new CommandPlanner(session, onlyWriter);
    this.coordinator =
        new Coordinator(
            session.project(),
            session.graph(),
            new Coordinator.Settings(Duration.ZERO, 3, Duration.ofMillis(500), Duration.ofDays(1)),
            planner);
    String name = "local@" + ProcessHandle.current().pid();
    this.executor =
        onlyWriter
            ? new ExecutorRole(session, name, false, planner::plan)
            : new ExecutorRole(session, name, false);
  }

  /** Plans and runs; a failed model skips its downstream models, others go on. */
  public static RunSummary run(WarehouseSession session, RunOptions options) {
    return new LocalRun(session).run(options);
  }

  /** Runs the models the options select (named as on the command line). */
  public RunSummary run(RunOptions options) {
    RunRequested request =
        new RunRequested(
            session.project().folder(),
            resolve(options.select()),
            resolve(options.exclude()),
            options.vars(),
            options.fullRefresh(),
            "user");
    // invalid input fails before anything runs
    Planner.checkVariables(
        session.project(),
        RunRequests.selected(session.project(), request.select(), request.exclude()),
        options.vars());
    String runId = UUID.randomUUID().toString();
    Map<String, Envelope> outcomes = new HashMap<>();
    Deque<Envelope> queue = new ArrayDeque<>(decide(Envelope.of(runId, request)));
    while (true) {
      RunHeader run = store.run(runId);
      if (run.done()) {
        break;
      }
      if (queue.isEmpty()) {
        queue.addAll(waitAndTick());
        continue;
      }
      Envelope e = queue.poll();
      if (e.topic() == Topic.MODEL_RUN_COMMANDS || e.topic() == Topic.MERGE_TASKS) {
        queue.addAll(executor.handle(e));
        continue;
      }
      if (e.runId().equals(runId)
          && (e.payload() instanceof ModelCompleted || e.payload() instanceof ModelFailed)) {
        outcomes.put(e.key(), e);
      }
      queue.addAll(decide(e));
    }
    RunSummary summary =
        RunSummaries.of(Coordinator.view(store, runId).orElseThrow(), session.graph(), outcomes);
    for (var o : summary.outcomes()) {
      if (o.status() == io.t4t.core.execute.RunOutcome.Status.SKIPPED) {
        // the coordinator skipped it and no executor saw it: its history is written here
        session.recordFailure(
            RunFailure.of(
                runId, o.model().toString(), null, null, null, o.errorCode(), o.message(), null));
      }
    }
    return summary;
  }

  private List<String> resolve(List<String> names) {
    return names.stream().map(m -> session.project().resolveModel(m).toString()).toList();
  }

  private List<Envelope> decide(Envelope e) {
    Coordinator.Decision d = coordinator.decide(store, e, null, Instant.now());
    d.changes().applyTo(store);
    return d.events();
  }

  /** Nothing to hand on: a retry waits for its back-off. */
  private List<Envelope> waitAndTick() {
    Instant due = coordinator.nextDue(store);
    if (due == null) {
      throw new IllegalStateException("Cannot finish the run: no model runs and none is due");
    }
    long millis = Duration.between(Instant.now(), due).toMillis();
    if (millis > 0) {
      try {
        Thread.sleep(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting to retry", e);
      }
    }
    Coordinator.Decision d = coordinator.tick(store, Instant.now());
    d.changes().applyTo(store);
    return d.events();
  }
}
