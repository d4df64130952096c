package io.t4t.planner;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.Record;
import io.t4t.core.coordinate.RunCoordinator;
import io.t4t.core.coordinate.RunProgress;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.StatePlanner;
import io.t4t.core.run.Engine;
import io.t4t.events.DataArrived;
import io.t4t.events.Envelope;
import io.t4t.events.EventJson;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelState;
import io.t4t.events.RunRequested;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

/** The planner role in this service: every event goes through here, one at a time. */
@ApplicationScoped
public class Planning {
  @Inject PlannerServiceConfig config;

  @Inject io.t4t.operations.Records records;

  @Inject
  @Channel("model-run-commands")
  Emitter<Record<String, byte[]>> commands;

  @Inject
  @Channel("model-events-out")
  Emitter<Record<String, byte[]>> modelEvents;

  @Inject
  @Channel("merge-tasks-out")
  Emitter<Record<String, byte[]>> mergeTasks;

  private Project project;
  private ModelGraph graph;
  private StatePlanner planner;
  private RunCoordinator coordinator;
  private ScheduledExecutorService ticker;

  /**
   * The trace context each run was first seen in (its request's): every event the planner publishes
   * for a run is sent in it, so a run is one trace whatever record or timer released the event (an
   * outcome consumed in another context, a coalesced arrival). Oldest runs are forgotten.
   */
  private final Map<String, Context> runContexts =
      new LinkedHashMap<>(256, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Context> eldest) {
          return size() > 10_000;
        }
      };

  void start(@Observes StartupEvent ignored) {
    project = ProjectLoader.load(Path.of(config.project()), config.target().orElse(null));
    graph = ModelGraph.build(project, Engine.resolver(project));
    planner = new StatePlanner(project);
    coordinator =
        new RunCoordinator(
            project,
            graph,
            Clock.systemUTC(),
            config.coalesceWindow(),
            config.maxAttempts(),
            planner);
    ticker = Executors.newSingleThreadScheduledExecutor();
    ticker.scheduleWithFixedDelay(this::publishTicked, 50, 50, TimeUnit.MILLISECONDS);
  }

  void stop(@Observes ShutdownEvent ignored) {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }

  public Project project() {
    return project;
  }

  public ModelGraph graph() {
    return graph;
  }

  /** Handles one consumed event. */
  public void handle(Envelope e) {
    synchronized (runContexts) {
      runContexts.putIfAbsent(e.runId(), Context.current());
    }
    publishInRunContext(decide(e));
  }

  private synchronized List<Envelope> decide(Envelope e) {
    if (e.payload() instanceof RunRequested r) {
      return coordinator.requestRun(e.runId(), r);
    }
    if (e.payload() instanceof DataArrived a) {
      return coordinator.arrived(a);
    }
    if (e.payload() instanceof ModelCompleted c) {
      planner.seen(c);
      return coordinator.completed(e.runId(), c);
    }
    if (e.payload() instanceof ModelFailed f) {
      planner.seen(f); // a refused stale plan says where the model's ledger is
      return coordinator.failed(e.runId(), f);
    }
    if (e.payload() instanceof io.t4t.events.ModelFannedOut f) {
      return coordinator.fannedOut(e.runId(), f);
    }
    if (e.payload() instanceof io.t4t.events.BucketCompleted b) {
      return coordinator.bucketCompleted(e.runId(), b);
    }
    if (e.payload() instanceof io.t4t.events.BucketFailed b) {
      return coordinator.bucketFailed(e.runId(), b);
    }
    if (e.payload() instanceof ModelState s) {
      planner.seen(s);
    }
    return List.of();
  }

  private synchronized List<Envelope> tick() {
    return coordinator.tick();
  }

  private void publishTicked() {
    publishInRunContext(tick());
  }

  /** Publishes each event in the trace context of its run (the current one for a new run). */
  private void publishInRunContext(List<Envelope> events) {
    for (Envelope e : events) {
      Context run;
      synchronized (runContexts) {
        run = runContexts.computeIfAbsent(e.runId(), id -> Context.current());
      }
      try (Scope ignored = run.makeCurrent()) {
        publish(List.of(e));
      }
    }
  }

  /** A run's progress, or empty if the run is unknown (not yet consumed, or never requested). */
  public synchronized Optional<RunProgress> progress(String runId) {
    return coordinator.progress(runId);
  }

  private void publish(List<Envelope> events) {
    for (Envelope e : events) {
      Emitter<Record<String, byte[]>> to =
          e.topic() == io.t4t.events.Topic.MODEL_RUN_COMMANDS
              ? commands
              : e.payload() instanceof io.t4t.events.MergeTask ? mergeTasks : modelEvents;
      records.publish(to, Record.of(e.key(), EventJson.write(e)));
    }
  }
}
