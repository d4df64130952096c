package io.t4t.core.coordinate;

import static io.t4t.core.testing.TestModels.incremental;
import static io.t4t.core.testing.TestModels.model;
import static io.t4t.core.testing.TestModels.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.core.roles.StatePlanner;
import io.t4t.core.run.Engine;
import io.t4t.events.BackfillWindow;
import io.t4t.events.DeadLetterReason;
import io.t4t.events.Envelope;
import io.t4t.events.EventFormatException;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.Payload;
import io.t4t.events.RunRequested;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A backfill request through the coordinator (decision 0012), commands planned by the planner
 * service's own factory:
 *
 * <pre>
 *   raw.src -> s.inc -> s.down (incremental) -> s.tbl (table)
 *                  \--> s.v (view) -> s.vt (table)
 *   raw.other -> s.x
 * </pre>
 */
class BackfillRequestTest {
  private final Project project =
      project(
          model("s.inc", "SELECT * FROM raw.src", incremental("append", "'time_column': 'ts'")),
          model("s.down", "SELECT * FROM s.inc", incremental("append", "'time_column': 'ts'")),
          model("s.tbl", "SELECT * FROM s.down", "{'materialization': 'table'}"),
          model("s.v", "SELECT * FROM s.inc", "{'materialization': 'view'}"),
          model("s.vt", "SELECT * FROM s.v", "{'materialization': 'table'}"),
          model("s.x", "SELECT * FROM raw.other", "{'materialization': 'table'}"),
          model("s.y", "SELECT * FROM raw.y", incremental("append", "'time_column': 'ts'")),
          model(
              "s.y_var",
              "SELECT * FROM s.y WHERE region = @region",
              incremental("append", "'time_column': 'ts'")));
  private final Coordinator coordinator =
      new Coordinator(
          project,
          ModelGraph.build(project, Engine.resolver(project)),
          Coordinator.Settings.defaults(),
          new StatePlanner(project));
  private final InMemoryStore store = new InMemoryStore();

  @Test
  void theModelAndItsDownstreamRunTheWindowAndTablesRebuild() {
    List<ModelRunCommand> first = commands(decide("b1", backfill("inc", "2024-01-01", "2024-02")));
    assertThat(first)
        .containsExactly(
            new ModelRunCommand(
                "s.inc", "backfill", 0, Map.of(), false, 1, "2024-01-01", "2024-02"));
    // a view downstream runs (it is re-created) so that what reads it waits for the reload
    assertThat(commands(done("b1", "s.inc")))
        .extracting(ModelRunCommand::model, ModelRunCommand::mode)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple("s.down", "backfill"),
            org.assertj.core.groups.Tuple.tuple("s.v", "view"));
    assertThat(commands(done("b1", "s.v")))
        .extracting(ModelRunCommand::model, ModelRunCommand::mode)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s.vt", "full"));
    done("b1", "s.vt");
    assertThat(commands(done("b1", "s.down")))
        .extracting(ModelRunCommand::model, ModelRunCommand::mode, ModelRunCommand::start)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("s.tbl", "full", null));
    done("b1", "s.tbl");
    RunView view = Coordinator.view(store, "b1").orElseThrow();
    assertThat(view.models().keySet()).containsExactly("s.down", "s.inc", "s.tbl", "s.v", "s.vt");
    assertThat(view.done()).isTrue();
  }

  @Test
  void badInputRefusesTheWholeRequestAndNothingRuns() {
    assertThatThrownBy(() -> decide("b2", backfill("s.inc", "2024-02-01", "2024-01-01")))
        .isInstanceOf(EventFormatException.class)
        .hasMessage(
            "Invalid backfill request: Invalid window for backfill of model s.inc: end"
                + " '2024-01-01' must be after start '2024-02-01' (the window is start <= time"
                + " column < end)")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.INVALID_PAYLOAD);
    assertThatThrownBy(() -> decide("b3", backfill("s.inc", "10", "10")))
        .hasMessageContaining("must be after start '10'");
    assertThatThrownBy(() -> decide("b4", backfill("s.x", "2024-01-01", "2024-02-01")))
        .hasMessageStartingWith(
            "Invalid backfill request: Cannot backfill model s.x: it is a table")
        .hasMessageContaining("only incremental models can be backfilled");
    assertThatThrownBy(() -> decide("b5", backfill("nope", "2024-01-01", "2024-02-01")))
        .hasMessageContaining("Unknown model 'nope'");
    for (String run : List.of("b2", "b3", "b4", "b5")) {
      assertThat(Coordinator.view(store, run)).as(run).isEmpty();
    }
  }

  /** A variable a model downstream uses is checked too: the record is dead-lettered, no run. */
  @Test
  void aVariableTheSelectionNeedsIsCheckedBeforeAnythingRuns() {
    assertThatThrownBy(() -> decide("b6", backfill("s.y", "2024-01-01", "2024-02-01")))
        .isInstanceOf(EventFormatException.class)
        .hasMessageStartingWith("Invalid backfill request: ")
        .hasMessageContaining("s.y_var")
        .hasMessageContaining("region")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.INVALID_PAYLOAD);
    assertThat(Coordinator.view(store, "b6")).isEmpty();
    RunRequested withVars =
        RunRequested.backfill(
            "p",
            new BackfillWindow("s.y", "2024-01-01", "2024-02-01"),
            Map.of("region", "eu"),
            "api");
    assertThat(commands(decide("b7", withVars)))
        .extracting(ModelRunCommand::model)
        .containsExactly("s.y");
  }

  /**
   * A model downstream that the coordinator knows is due for a full build (its SQL changed since it
   * was applied) cannot restate the window: the run fails before any command, naming it.
   */
  @Test
  void aDownstreamModelDueForAFullBuildFailsTheRunBeforeAnyCommand() {
    decide(
        "state",
        new io.t4t.events.ModelState(
            "s.down",
            "incremental",
            null,
            "an-older-sql-hash",
            io.t4t.core.project.ModelConfigHash.of(
                project.models().get(io.t4t.core.project.ModelName.parse("s.down")).config()),
            "2024-03-01",
            "append",
            "r0",
            4));
    List<Envelope> out = decide("b8", backfill("s.inc", "2024-01-01", "2024-02-01"));
    assertThat(commands(out)).isEmpty();
    RunView view = Coordinator.view(store, "b8").orElseThrow();
    assertThat(view.done()).isTrue();
    assertThat(view.models())
        .containsEntry("s.inc", Status.FAILED)
        .containsEntry("s.down", Status.SKIPPED)
        .containsEntry("s.tbl", Status.SKIPPED);
    assertThat(view.messages().get("s.inc"))
        .contains("Cannot backfill model s.down: it needs a full build first (SQL changed)");
  }

  private static RunRequested backfill(String model, String start, String end) {
    return RunRequested.backfill("p", new BackfillWindow(model, start, end), Map.of(), "api");
  }

  private List<Envelope> done(String runId, String model) {
    return decide(runId, new ModelCompleted(model, "table", null, 1, null, "h", "c", 1, 5, false));
  }

  private List<Envelope> decide(String runId, Payload p) {
    Coordinator.Decision d = coordinator.decide(store, Envelope.of(runId, p), null, Instant.EPOCH);
    d.changes().applyTo(store);
    return d.events();
  }

  private static List<ModelRunCommand> commands(List<Envelope> events) {
    return events.stream()
        .filter(e -> e.payload() instanceof ModelRunCommand)
        .map(e -> (ModelRunCommand) e.payload())
        .toList();
  }
}
