package io.t4t.planner;

import io.quarkus.runtime.ShutdownEvent;
import io.t4t.coordination.CoordinationTopology;
import io.t4t.core.coordinate.Coordinator;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.core.project.ProjectLoader;
import io.t4t.core.roles.StatePlanner;
import io.t4t.core.run.Engine;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;

/**
 * The planner's coordination: the project read once, and the Kafka Streams topology that runs the
 * core's coordinator over it (Quarkus starts and stops it). On shutdown the instance leaves its
 * group at once, so the other replica takes its tasks over without waiting for a session timeout.
 */
@ApplicationScoped
public class Coordination {
  static final String SERVICE = "t4t-planner-service";

  @Inject PlannerServiceConfig config;

  private Project project;
  private ModelGraph graph;

  /** The project, loaded on first use (the topology's producer asks first, at startup). */
  public synchronized Project project() {
    if (project == null) {
      project = ProjectLoader.load(Path.of(config.project()), config.target().orElse(null));
      graph = ModelGraph.build(project, Engine.resolver(project));
    }
    return project;
  }

  public ModelGraph graph() {
    project();
    return graph;
  }

  /** A singleton, not a client proxy: Kafka Streams reads the topology's fields directly. */
  @Produces
  @jakarta.inject.Singleton
  Topology topology() {
    Coordinator coordinator =
        new Coordinator(
            project(),
            graph(),
            new Coordinator.Settings(
                config.coalesceWindow(),
                config.maxAttempts(),
                config.retryBackoff(),
                config.retention()),
            new StatePlanner(project()));
    return CoordinationTopology.build(
        coordinator, config.topicPrefix(), SERVICE, config.tickInterval());
  }

  /**
   * Closes the streams first thing on shutdown, within a bound the pod's grace period allows: the
   * main consumer leaves the group on close ({@code internal.leave.group.on.close}), so the tasks
   * move to the other replica at once.
   */
  void leaveGroup(@Observes @Priority(1) ShutdownEvent event, KafkaStreams streams) {
    streams.close(Duration.ofSeconds(20));
  }
}
