package io.t4t.core.coordinate;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.events.DataArrived;
import io.t4t.events.DeadLetterReason;
import io.t4t.events.Envelope;
import io.t4t.events.EventFormatException;
import io.t4t.events.Payload;
import io.t4t.events.RunRequested;

/**
 * What can be said of an event without the state, and the reading of the model names it carries:
 * anything wrong is an {@link EventFormatException} naming it, for the dead-letter topic.
 */
final class EventCheck {
  private final Project project;
  private final ModelGraph graph;

  EventCheck(Project project, ModelGraph graph) {
    this.project = project;
    this.graph = graph;
  }

  /**
   * A run request must be for this project and name its models; every other event must be about one
   * of them.
   */
  void check(Envelope event) {
    Payload p = event.payload();
    if (p instanceof RunRequested r) {
      if (!project.folder().equals(r.project())) {
        throw new EventFormatException(
            DeadLetterReason.WRONG_PROJECT,
            "Cannot run project '"
                + r.project()
                + "': this planner runs '"
                + project.folder()
                + "' (give each project its own topic prefix)");
      }
      for (String m : r.select()) {
        resolveForRequest(m);
      }
      for (String m : r.exclude()) {
        resolveForRequest(m);
      }
      if (r.backfill() != null) {
        resolveForRequest(r.backfill().model());
        try {
          RunRequests.checkBackfill(project, graph, r.backfill(), r.vars());
        } catch (InvalidInputException e) {
          throw new EventFormatException(
              DeadLetterReason.INVALID_PAYLOAD, "Invalid backfill request: " + e.getMessage(), e);
        }
      }
    } else if (!(p instanceof DataArrived)) {
      ModelName m = modelOf(event.key().split("#", 2)[0]);
      if (!project.models().containsKey(m)) {
        throw new EventFormatException(
            DeadLetterReason.UNKNOWN_MODEL,
            "Cannot coordinate a "
                + event.type().wireName()
                + " of '"
                + m
                + "': project "
                + project.folder()
                + " has no such model (the planner and the executors must read the same"
                + " project)");
      }
    }
  }

  Project project() {
    return project;
  }

  /** A model as a run request names it ({@code schema.name}, or {@code name} where unique). */
  ModelName resolveForRequest(String name) {
    try {
      return project.resolveModel(name);
    } catch (InvalidInputException e) {
      throw new EventFormatException(
          DeadLetterReason.UNKNOWN_MODEL, "Invalid run request: " + e.getMessage(), e);
    }
  }

  /** A model as an outcome names it, in full. */
  static ModelName modelOf(String text) {
    try {
      return ModelName.parse(text);
    } catch (InvalidInputException e) {
      throw new EventFormatException(DeadLetterReason.UNKNOWN_MODEL, e.getMessage(), e);
    }
  }
}
