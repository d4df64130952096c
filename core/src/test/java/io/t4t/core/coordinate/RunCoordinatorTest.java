package io.t4t.core.coordinate;

import static io.t4t.core.testing.TestModels.model;
import static io.t4t.core.testing.TestModels.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.core.run.Engine;
import io.t4t.events.BucketCompleted;
import io.t4t.events.DataArrived;
import io.t4t.events.DeadLetterReason;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventFormatException;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelRunFinalize;
import io.t4t.events.RunRequested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The event-driven planner logic, with no broker: events in, events out.
 *
 * <pre>
 *   raw.src -> s.a -> s.b -> s.d
 *                \-> s.c
 *   raw.other -> s.x
 * </pre>
 */
class RunCoordinatorTest {
  private final MutableClock clock = new MutableClock();
  private final List<String> planned = new ArrayList<>();
  private RunCoordinator coordinator;

  @BeforeEach
  void graph() {
    Project p =
        project(
            model("s.a", "SELECT * FROM raw.src", null),
            model("s.b", "SELECT * FROM s.a", null),
            model("s.c", "SELECT * FROM s.a", null),
            model("s.d", "SELECT * FROM s.b", null),
            model("s.x", "SELECT * FROM raw.other", null),
            model("s.files", "SELECT * FROM read_csv('landing/orders/*.csv')", null));
    ModelGraph g = ModelGraph.build(p, Engine.resolver(p));
    coordinator =
        new RunCoordinator(
            p,
            g,
            clock,
            Duration.ofMillis(200),
            2,
            (model, request, attempt) -> {
              planned.add(model + "#" + attempt);
              return new ModelRunCommand(
                  model.toString(), "incremental", 0, request.vars(), false, attempt);
            });
  }

  @Test
  void releasesModelsAsTheirUpstreamModelsComplete() {
    assertThat(commanded(coordinator.requestRun("r1", all())))
        .containsExactly("s.a", "s.files", "s.x");
    assertThat(commanded(done("r1", "s.files"))).isEmpty();
    assertThat(commanded(done("r1", "s.x"))).isEmpty();
    assertThat(commanded(done("r1", "s.a"))).containsExactly("s.b", "s.c");
    assertThat(commanded(done("r1", "s.c"))).isEmpty();
    assertThat(commanded(done("r1", "s.b"))).containsExactly("s.d");
    assertThat(coordinator.progress("r1").orElseThrow().done()).isFalse();
    done("r1", "s.d");
    RunProgress p = coordinator.progress("r1").orElseThrow();
    assertThat(p.done()).isTrue();
    assertThat(p.models().values()).containsOnly(RunProgress.Status.SUCCEEDED);
  }

  @Test
  void aFailureSkipsDependentsOnlyAndDuplicatesChangeNothing() {
    coordinator.requestRun("r1", all());
    done("r1", "s.x");
    done("r1", "s.files");
    List<Envelope> out = fail("r1", "s.a", ErrorCode.DUPLICATE_KEYS);
    assertThat(out)
        .extracting(e -> ((ModelFailed) e.payload()).model())
        .containsExactly("s.b", "s.c", "s.d");
    assertThat(out)
        .allMatch(e -> ((ModelFailed) e.payload()).errorCode() == ErrorCode.UPSTREAM_FAILED);
    RunProgress p = coordinator.progress("r1").orElseThrow();
    assertThat(p.done()).isTrue();
    assertThat(p.models())
        .containsEntry(ModelName.parse("s.a"), RunProgress.Status.FAILED)
        .containsEntry(ModelName.parse("s.d"), RunProgress.Status.SKIPPED)
        .containsEntry(ModelName.parse("s.x"), RunProgress.Status.SUCCEEDED);
    assertThat(p.messages().get(ModelName.parse("s.b")))
        .isEqualTo("Skipped s.b: upstream [s.a] did not run");
    // duplicated, late and unknown outcomes
    assertThat(done("r1", "s.x")).isEmpty();
    assertThat(done("r1", "s.a")).isEmpty();
    assertThat(done("nope", "s.a")).isEmpty();
    assertThat(coordinator.requestRun("r1", all())).isEmpty();
    assertThat(p.models()).containsEntry(ModelName.parse("s.a"), RunProgress.Status.FAILED);
  }

  @Test
  void aModelNeverRunsInTwoRunsAtOnce() {
    coordinator.requestRun("r1", select("s.a"));
    // r2 wants s.a too: it waits for r1's outcome, then is planned (from state that includes it)
    assertThat(commanded(coordinator.requestRun("r2", select("s.a", "s.x"))))
        .containsExactly("s.x");
    assertThat(planned).containsExactly("s.a#1", "s.x#1");
    List<Envelope> released = done("r1", "s.a");
    assertThat(released).extracting(Envelope::runId).containsExactly("r2");
    assertThat(commanded(released)).containsExactly("s.a");
    assertThat(planned).containsExactly("s.a#1", "s.x#1", "s.a#1");
  }

  @Test
  void retryableFailuresAreCommandedAgainUpToTheLimit() {
    coordinator.requestRun("r1", select("s.x"));
    List<Envelope> retry = fail("r1", "s.x", ErrorCode.TRANSIENT);
    assertThat(retry).hasSize(1);
    assertThat(((ModelRunCommand) retry.get(0).payload()).attempt()).isEqualTo(2);
    assertThat(fail("r1", "s.x", ErrorCode.TRANSIENT)).isEmpty(); // limit reached
    assertThat(coordinator.progress("r1").orElseThrow().models())
        .containsEntry(ModelName.parse("s.x"), RunProgress.Status.FAILED);
    coordinator.requestRun("r2", select("s.a"));
    assertThat(fail("r2", "s.a", ErrorCode.SQL_ERROR)).isEmpty(); // not retryable
  }

  @Test
  void modelsAreNamedAsOnTheCommandLineAndUnknownOnesRefuseTheWholeRequest() {
    assertThat(commanded(coordinator.requestRun("r1", select("a", "S.X"))))
        .containsExactly("s.a", "s.x");
    assertThat(coordinator.progress("r1").orElseThrow().models().keySet())
        .extracting(ModelName::toString)
        .containsExactly("s.a", "s.x");
    assertThatThrownBy(() -> coordinator.requestRun("r2", select("s.x", "nope")))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("Invalid run request: Unknown model 'nope'")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
    assertThatThrownBy(
            () ->
                coordinator.requestRun(
                    "r3", new RunRequested("other", List.of(), List.of(), Map.of(), false, "api")))
        .hasMessage(
            "Cannot run project 'other': this planner runs 'p' (give each project its own topic"
                + " prefix)")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.WRONG_PROJECT);
    assertThat(coordinator.progress("r2")).isEmpty();
    assertThat(coordinator.progress("r3")).isEmpty();
  }

  @Test
  void aStalePlanIsPlannedAgainWithoutSpendingAnAttemptUpToALimit() {
    coordinator.requestRun("r1", select("s.x"));
    for (int i = 0; i < RunCoordinator.MAX_REPLANS; i++) {
      List<Envelope> again = fail("r1", "s.x", ErrorCode.STALE_PLAN);
      assertThat(commanded(again)).containsExactly("s.x");
      assertThat(((ModelRunCommand) again.get(0).payload()).attempt()).isEqualTo(1);
    }
    // a ledger that keeps moving: then it is an ordinary retryable failure (attempt 2 of 2)
    assertThat(
            ((ModelRunCommand) fail("r1", "s.x", ErrorCode.STALE_PLAN).get(0).payload()).attempt())
        .isEqualTo(2);
  }

  @Test
  void aFannedOutRunIsFinalizedByItsOwnEventOnceEveryBucketIsApplied() {
    coordinator.requestRun("r1", select("s.x"));
    coordinator.fannedOut("r1", new ModelFannedOut("s.x", 3, 30));
    assertThat(coordinator.bucketCompleted("r1", new BucketCompleted("s.x", 0, 3, 10, 1, false)))
        .isEmpty();
    coordinator.bucketCompleted("r1", new BucketCompleted("s.x", 2, 3, 10, 1, false));
    coordinator.bucketCompleted("r1", new BucketCompleted("s.x", 2, 3, 10, 1, true));
    assertThat(coordinator.bucketCompleted("r1", new BucketCompleted("s.x", 1, 3, 10, 1, false)))
        .extracting(Envelope::payload)
        .containsExactly(new ModelRunFinalize("s.x", 3, 1));
  }

  @Test
  void aBurstOfArrivalsBecomesOneRunOfTheReadersAndTheirDownstreamModels() {
    List<Envelope> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      out.addAll(coordinator.arrived(new DataArrived("raw.src", "landing/" + i + ".csv")));
      clock.advance(Duration.ofMillis(3));
    }
    assertThat(out).isEmpty(); // the window is still open
    assertThat(coordinator.windowClosesAt()).isPresent();
    clock.advance(Duration.ofMillis(100));
    out.addAll(coordinator.tick());
    assertThat(commanded(out)).containsExactly("s.a");
    String runId = out.get(0).runId();
    assertThat(runId).startsWith("arrival-");
    assertThat(coordinator.progress(runId).orElseThrow().models().keySet())
        .extracting(ModelName::toString)
        .containsExactly("s.a", "s.b", "s.c", "s.d");
    assertThat(coordinator.tick()).isEmpty();
    assertThat(coordinator.arrived(new DataArrived("raw.unknown", null))).isEmpty();
    coordinator.arrived(new DataArrived("landing/orders", "landing/orders/7.csv"));
    clock.advance(Duration.ofMillis(200));
    assertThat(commanded(coordinator.tick())).containsExactly("s.files");
    assertThat(coordinator.windowClosesAt()).isEmpty();
  }

  @Test
  void arrivalsDuringARunWaitForItAndRunOnceMore() {
    coordinator.requestRun("r1", all());
    coordinator.arrived(new DataArrived("raw.src", null));
    clock.advance(Duration.ofMillis(250));
    List<Envelope> out = coordinator.tick();
    assertThat(out).isEmpty(); // s.a is still running in r1
    assertThat(planned).containsExactly("s.a#1", "s.files#1", "s.x#1"); // none from stale state
    List<Envelope> released = done("r1", "s.a");
    assertThat(released)
        .filteredOn(e -> e.runId().startsWith("arrival-"))
        .extracting(e -> ((ModelRunCommand) e.payload()).model())
        .containsExactly("s.a");
  }

  // ---- helpers ----

  private List<Envelope> done(String runId, String model) {
    return coordinator.completed(
        runId, new ModelCompleted(model, "table", null, 1, null, "h", "c", 1, 5, false));
  }

  private List<Envelope> fail(String runId, String model, ErrorCode code) {
    return coordinator.failed(runId, new ModelFailed(model, code, code.retryable(), "boom", 5));
  }

  private static RunRequested all() {
    return new RunRequested("p", List.of(), List.of(), Map.of(), false, "api");
  }

  private static RunRequested select(String... models) {
    return new RunRequested("p", List.of(models), List.of(), Map.of(), false, "api");
  }

  private static List<String> commanded(List<Envelope> events) {
    return events.stream()
        .filter(e -> e.payload() instanceof ModelRunCommand)
        .map(e -> ((ModelRunCommand) e.payload()).model())
        .toList();
  }

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-11-22T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
