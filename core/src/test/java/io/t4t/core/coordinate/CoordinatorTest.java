package io.t4t.core.coordinate;

import static io.t4t.core.testing.TestModels.model;
import static io.t4t.core.testing.TestModels.project;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.core.run.Engine;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
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
import io.t4t.events.TestOutcome;
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
class CoordinatorTest {
  private final MutableClock clock = new MutableClock();
  private final List<String> planned = new ArrayList<>();
  private final InMemoryStore store = new InMemoryStore();
  private Coordinator coordinator;

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
        new Coordinator(
            p,
            g,
            new Coordinator.Settings(
                Duration.ofMillis(200), 2, Duration.ofMillis(100), Duration.ofHours(1)),
            (model, request, attempt, known) -> {
              planned.add(model + "#" + attempt);
              return new ModelRunCommand(
                  model.toString(), "incremental", 0, request.vars(), false, attempt);
            });
  }

  @Test
  void releasesModelsAsTheirUpstreamModelsComplete() {
    assertThat(commanded(request("r1", all()))).containsExactly("s.a", "s.files", "s.x");
    assertThat(commanded(done("r1", "s.files"))).isEmpty();
    assertThat(commanded(done("r1", "s.x"))).isEmpty();
    assertThat(commanded(done("r1", "s.a"))).containsExactly("s.b", "s.c");
    assertThat(commanded(done("r1", "s.c"))).isEmpty();
    assertThat(commanded(done("r1", "s.b"))).containsExactly("s.d");
    assertThat(view("r1").done()).isFalse();
    done("r1", "s.d");
    RunView p = view("r1");
    assertThat(p.done()).isTrue();
    assertThat(p.models().values()).containsOnly(Status.SUCCEEDED);
  }

  @Test
  void aFailureSkipsDependentsOnlyAndDuplicatesChangeNothing() {
    request("r1", all());
    done("r1", "s.x");
    done("r1", "s.files");
    List<Envelope> out = fail("r1", "s.a", ErrorCode.DUPLICATE_KEYS);
    assertThat(out)
        .extracting(e -> ((ModelFailed) e.payload()).model())
        .containsExactly("s.b", "s.c", "s.d");
    assertThat(out)
        .allMatch(e -> ((ModelFailed) e.payload()).errorCode() == ErrorCode.UPSTREAM_FAILED);
    RunView p = view("r1");
    assertThat(p.done()).isTrue();
    assertThat(p.models())
        .containsEntry("s.a", Status.FAILED)
        .containsEntry("s.d", Status.SKIPPED)
        .containsEntry("s.x", Status.SUCCEEDED);
    assertThat(p.messages().get("s.b")).isEqualTo("Skipped s.b: upstream [s.a] did not run");
    // duplicated, late and unknown outcomes
    assertThat(done("r1", "s.x")).isEmpty();
    assertThat(done("r1", "s.a")).isEmpty();
    assertThat(done("nope", "s.a")).isEmpty();
    assertThat(request("r1", all())).isEmpty();
    assertThat(p.models()).containsEntry("s.a", Status.FAILED);
  }

  @Test
  void aModelNeverRunsInTwoRunsAtOnce() {
    request("r1", select("s.a"));
    // r2 wants s.a too: it waits for r1's outcome, then is planned (from state that includes it)
    assertThat(commanded(request("r2", select("s.a", "s.x")))).containsExactly("s.x");
    assertThat(planned).containsExactly("s.a#1", "s.x#1");
    List<Envelope> released = done("r1", "s.a");
    assertThat(released).extracting(Envelope::runId).containsExactly("r2");
    assertThat(commanded(released)).containsExactly("s.a");
    assertThat(planned).containsExactly("s.a#1", "s.x#1", "s.a#1");
  }

  @Test
  void retryableFailuresAreCommandedAgainAfterABackOffUpToTheLimit() {
    request("r1", select("s.x"));
    assertThat(fail("r1", "s.x", ErrorCode.TRANSIENT)).isEmpty(); // waits for its back-off
    assertThat(coordinator.nextDue(store)).isEqualTo(clock.instant().plusMillis(100));
    clock.advance(Duration.ofMillis(99));
    assertThat(tick()).isEmpty();
    clock.advance(Duration.ofMillis(1));
    List<Envelope> retry = tick();
    assertThat(retry).hasSize(1);
    assertThat(((ModelRunCommand) retry.get(0).payload()).attempt()).isEqualTo(2);
    assertThat(tick()).isEmpty();
    assertThat(fail("r1", "s.x", ErrorCode.TRANSIENT)).isEmpty(); // limit reached
    assertThat(view("r1").models()).containsEntry("s.x", Status.FAILED);
    request("r2", select("s.a"));
    assertThat(fail("r2", "s.a", ErrorCode.SQL_ERROR)).isEmpty(); // not retryable
  }

  @Test
  void modelsAreNamedAsOnTheCommandLineAndUnknownOnesRefuseTheWholeRequest() {
    assertThat(commanded(request("r1", select("a", "S.X")))).containsExactly("s.a", "s.x");
    assertThat(view("r1").models().keySet()).containsExactly("s.a", "s.x");
    assertThatThrownBy(() -> request("r2", select("s.x", "nope")))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("Invalid run request: Unknown model 'nope'")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.UNKNOWN_MODEL);
    assertThatThrownBy(
            () ->
                request(
                    "r3", new RunRequested("other", List.of(), List.of(), Map.of(), false, "api")))
        .hasMessage(
            "Cannot run project 'other': this planner runs 'p' (give each project its own topic"
                + " prefix)")
        .extracting(e -> ((EventFormatException) e).reason())
        .isEqualTo(DeadLetterReason.WRONG_PROJECT);
    assertThat(Coordinator.view(store, "r2")).isEmpty();
    assertThat(Coordinator.view(store, "r3")).isEmpty();
  }

  @Test
  void aStalePlanIsPlannedAgainWithoutSpendingAnAttemptUpToALimit() {
    request("r1", select("s.x"));
    for (int i = 0; i < Coordinator.MAX_REPLANS; i++) {
      List<Envelope> again = fail("r1", "s.x", ErrorCode.STALE_PLAN);
      assertThat(commanded(again)).containsExactly("s.x");
      assertThat(((ModelRunCommand) again.get(0).payload()).attempt()).isEqualTo(1);
    }
    // a ledger that keeps moving: then it is an ordinary retryable failure (attempt 2 of 2)
    assertThat(fail("r1", "s.x", ErrorCode.STALE_PLAN)).isEmpty();
    clock.advance(Duration.ofMillis(100));
    assertThat(((ModelRunCommand) tick().get(0).payload()).attempt()).isEqualTo(2);
  }

  @Test
  void aFannedOutRunIsFinalizedByItsOwnEventOnceEveryBucketIsApplied() {
    request("r1", select("s.x"));
    decide("r1", new ModelFannedOut("s.x", 3, 30));
    assertThat(decide("r1", new BucketCompleted("s.x", 0, 3, 10, 1, false))).isEmpty();
    decide("r1", new BucketCompleted("s.x", 2, 3, 10, 1, false));
    decide("r1", new BucketCompleted("s.x", 2, 3, 10, 1, true));
    assertThat(decide("r1", new BucketCompleted("s.x", 1, 3, 10, 1, false)))
        .extracting(Envelope::payload)
        .containsExactly(new ModelRunFinalize("s.x", 3, 1));
  }

  @Test
  void aCompletedModelsRowsDurationAndTestsAreInTheRunView() {
    request("r1", select("s.x"));
    decide(
        "r1",
        new ModelCompleted(
            "s.x",
            "incremental",
            "merge",
            12,
            null,
            "h",
            "c",
            4,
            250,
            false,
            "incremental",
            10L,
            2L,
            null,
            List.of(
                new TestOutcome("not_null(id)", "error", true, List.of()),
                new TestOutcome("unique(id)", "warn", false, List.of("(1)")))));
    RunView v = view("r1");
    assertThat(v.models()).containsEntry("s.x", Status.SUCCEEDED);
    assertThat(v.results().get("s.x"))
        .isEqualTo(
            new ModelProgress.Result(
                12,
                10L,
                2L,
                null,
                250,
                "incremental",
                4,
                List.of(
                    new TestOutcome("not_null(id)", "error", true, List.of()),
                    new TestOutcome("unique(id)", "warn", false, List.of("(1)")))));
    @SuppressWarnings("unchecked")
    Map<String, Object> answered =
        (Map<String, Object>)
            ((Map<String, Object>)
                    RunAnswers.of("r1", java.util.Optional.of(v), Duration.ofDays(1))
                        .body()
                        .get("results"))
                .get("s.x");
    assertThat(answered)
        .containsEntry("rows", 12L)
        .containsEntry("inserted", 10L)
        .containsEntry("duration_ms", 250L)
        .doesNotContainKey("deleted");
    // GET /runs/{id} needs no token: failing rows are not in it
    assertThat(answered.get("tests").toString()).contains("unique(id)").doesNotContain("(1)");
    // a failed model has no result
    request("r2", select("s.x"));
    fail("r2", "s.x", ErrorCode.SQL_ERROR);
    assertThat(view("r2").results()).isEmpty();
  }

  @Test
  void aFannedOutModelKeepsItsBucketsAndTheirRowsAfterItFinishes() {
    request("r1", select("s.x"));
    decide("r1", new ModelFannedOut("s.x", 2, 30));
    decide("r1", new BucketFailed("s.x", 1, 2, ErrorCode.TRANSIENT, true, "connection reset"));
    assertThat(view("r1").fanOuts().get("s.x"))
        .isEqualTo(new RunView.FanOut(2, Map.of(), Map.of(1, "connection reset")));
    decide("r1", new BucketCompleted("s.x", 0, 2, 10, 1, false));
    decide("r1", new BucketCompleted("s.x", 1, 2, 20, 1, false));
    decide("r1", new BucketCompleted("s.x", 1, 2, 99, 1, true)); // a duplicate counts once
    done("r1", "s.x");
    RunView v = view("r1");
    assertThat(v.models()).containsEntry("s.x", Status.SUCCEEDED);
    assertThat(v.fanOuts().get("s.x"))
        .isEqualTo(new RunView.FanOut(2, Map.of(0, 10L, 1, 20L), Map.of()));
    // a late bucket event of the finished model changes nothing
    assertThat(decide("r1", new BucketCompleted("s.x", 0, 2, 5, 1, false))).isEmpty();
    assertThat(decide("r1", new BucketFailed("s.x", 0, 2, ErrorCode.SQL_ERROR, false, "late")))
        .isEmpty();
    assertThat(view("r1")).isEqualTo(v);
  }

  @Test
  void aFailedBucketsMessageStaysInTheRunViewAfterTheModelFailed() {
    request("r1", select("s.x"));
    decide("r1", new ModelFannedOut("s.x", 3, 30));
    decide("r1", new BucketCompleted("s.x", 0, 3, 10, 1, false));
    decide("r1", new BucketFailed("s.x", 2, 3, ErrorCode.SQL_ERROR, false, "division by zero"));
    RunView v = view("r1");
    assertThat(v.models()).containsEntry("s.x", Status.FAILED);
    assertThat(v.fanOuts().get("s.x"))
        .isEqualTo(new RunView.FanOut(3, Map.of(0, 10L), Map.of(2, "division by zero")));
    // the next run's attempt starts without buckets
    request("r2", select("s.x"));
    assertThat(view("r2").fanOuts()).isEmpty();
  }

  @Test
  void aBlockingAuditsFailingRowsStayOutOfTheRunView() {
    request("r1", select("s.x"));
    String message =
        "Cannot publish s.x: audit not_null(amount) failed on the batch (nothing was written)"
            + io.t4t.core.error.Messages.FAILING_ROWS
            + "(7, secret@example.com)";
    decide("r1", new ModelFailed("s.x", ErrorCode.AUDIT_FAILED, false, message, 5));
    RunView v = view("r1");
    assertThat(v.models()).containsEntry("s.x", Status.FAILED);
    assertThat(v.errors()).containsEntry("s.x", ErrorCode.AUDIT_FAILED);
    assertThat(v.messages().get("s.x"))
        .isEqualTo(
            "Cannot publish s.x: audit not_null(amount) failed on the batch (nothing was written);"
                + " its failing rows are in the model's run history")
        .doesNotContain("secret");
  }

  @Test
  void aBurstOfArrivalsBecomesOneRunOfTheReadersAndTheirDownstreamModels() {
    List<Envelope> out = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      out.addAll(arrive(new DataArrived("raw.src", "landing/" + i + ".csv")));
      clock.advance(Duration.ofMillis(3));
    }
    assertThat(out).isEmpty(); // the window is still open
    assertThat(coordinator.nextDue(store)).isNotNull();
    clock.advance(Duration.ofMillis(100));
    out.addAll(tick());
    assertThat(commanded(out)).containsExactly("s.a");
    String runId = out.get(0).runId();
    assertThat(runId).startsWith("arrival-");
    assertThat(view(runId).models().keySet()).containsExactly("s.a", "s.b", "s.c", "s.d");
    assertThat(tick()).isEmpty();
    assertThat(arrive(new DataArrived("raw.unknown", null))).isEmpty();
    arrive(new DataArrived("landing/orders", "landing/orders/7.csv"));
    clock.advance(Duration.ofMillis(200));
    assertThat(commanded(tick())).containsExactly("s.files");
    assertThat(coordinator.nextDue(store)).isNull();
  }

  @Test
  void arrivalsDuringARunWaitForItAndRunOnceMore() {
    request("r1", all());
    arrive(new DataArrived("raw.src", null));
    clock.advance(Duration.ofMillis(250));
    List<Envelope> out = tick();
    assertThat(out).isEmpty(); // s.a is still running in r1
    assertThat(planned).containsExactly("s.a#1", "s.files#1", "s.x#1"); // none from stale state
    List<Envelope> released = done("r1", "s.a");
    assertThat(released)
        .filteredOn(e -> e.runId().startsWith("arrival-"))
        .extracting(e -> ((ModelRunCommand) e.payload()).model())
        .containsExactly("s.a");
  }

  @Test
  void aRunOfNoModelIsFinishedAsItStartsAndExpiresLikeAnyOther() {
    request("r1", new RunRequested("p", List.of("s.x"), List.of("s.x"), Map.of(), false, "api"));
    assertThat(view("r1").done()).isTrue();
    assertThat(view("r1").finishedAt()).isEqualTo(clock.instant());
    clock.advance(Duration.ofHours(2));
    tick();
    clock.advance(Duration.ofHours(1));
    tick();
    assertThat(Coordinator.view(store, "r1")).isEmpty();
  }

  @Test
  void aFailureOfAnEarlierAttemptDeliveredAgainSpendsNoAttempt() {
    request("r1", select("s.x"));
    decide("r1", new ModelFailed("s.x", ErrorCode.TRANSIENT, true, "busy", 5).ofAttempt(1));
    clock.advance(Duration.ofMillis(100));
    assertThat(commanded(tick())).containsExactly("s.x"); // attempt 2
    // attempt 1's failure again (a redelivery): no third command, the model still runs
    assertThat(
            decide("r1", new ModelFailed("s.x", ErrorCode.TRANSIENT, true, "busy", 5).ofAttempt(1)))
        .isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(tick()).isEmpty();
    assertThat(view("r1").models()).containsEntry("s.x", Status.RUNNING);
  }

  @Test
  void aDecisionReadsTheStateAndChangesItOnlyWhenItsChangesAreApplied() {
    Coordinator.Decision d =
        coordinator.decide(store, Envelope.of("r1", select("s.a")), null, clock.instant());
    assertThat(commanded(d.events())).containsExactly("s.a");
    assertThat(store.runCount()).isZero(); // pure: the state it read is untouched
    assertThat(store.slotCount()).isZero();
    d.changes().applyTo(store);
    assertThat(view("r1").models()).containsEntry("s.a", Status.RUNNING);
    // the same decision made again over the same state decides the same
    Coordinator.Decision again =
        coordinator.decide(store, Envelope.of("r1", select("s.a")), null, clock.instant());
    assertThat(again.events()).isEmpty(); // a redelivered request
    assertThat(again.changes().isEmpty()).isTrue();
  }

  @Test
  void theSameArrivalWindowAlwaysMakesTheSameRun() {
    arrive(new DataArrived("raw.src", null));
    clock.advance(Duration.ofMillis(200));
    Coordinator.Decision first = coordinator.tick(store, clock.instant());
    Coordinator.Decision replayed = coordinator.tick(store, clock.instant());
    assertThat(first.events().get(0).runId()).isEqualTo(replayed.events().get(0).runId());
  }

  @Test
  void finishedRunsExpireAfterTheRetentionAndStateStaysBounded() {
    for (int i = 0; i < 100; i++) {
      String run = "r" + i;
      request(run, select("s.x", "s.a", "s.b"));
      done(run, "s.x");
      done(run, "s.a");
      fail(run, "s.b", ErrorCode.SQL_ERROR);
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(store.runCount()).isEqualTo(100);
    assertThat(store.progressCount()).isEqualTo(300);
    // one slot per model, never per run: what is known of s.x and s.a, nothing in flight
    assertThat(store.slotCount()).isEqualTo(2);
    assertThat(view("r0").done()).isTrue();
    clock.advance(Duration.ofMinutes(59));
    tick();
    assertThat(store.runCount()).isEqualTo(100);
    clock.advance(Duration.ofMinutes(1));
    tick();
    // every run expired: its progress is gone, a marker says so for as long again
    assertThat(store.progressCount()).isZero();
    RunView expired = view("r42");
    assertThat(expired.expired()).isTrue();
    assertThat(expired.models()).isEmpty();
    clock.advance(Duration.ofHours(1));
    tick();
    assertThat(store.runCount()).isZero();
    assertThat(Coordinator.view(store, "r42")).isEmpty();
  }

  @Test
  void theStateOfAModelIsLearntFromCompletionsStatesAndStalePlans() {
    List<ModelSlot.Known> seen = new ArrayList<>();
    Coordinator c =
        new Coordinator(
            project(model("s.x", "SELECT * FROM raw.other", null)),
            ModelGraph.build(
                project(model("s.x", "SELECT * FROM raw.other", null)),
                Engine.resolver(project(model("s.x", "SELECT * FROM raw.other", null)))),
            Coordinator.Settings.defaults(),
            (model, request, attempt, known) -> {
              seen.add(known);
              return new ModelRunCommand(model.toString(), "full", 0, null, false, attempt);
            });
    java.util.function.Consumer<Envelope> decide =
        e -> c.decide(store, e, null, clock.instant()).changes().applyTo(store);
    decide.accept(Envelope.of("r1", select("s.x")));
    decide.accept(
        Envelope.of(
            "r1", new ModelCompleted("s.x", "table", null, 1, null, "h", "c", 7, 5, false)));
    // an older state changes nothing; a stale plan's refusal sets the position, even backwards
    decide.accept(
        Envelope.of(
            "r0",
            new io.t4t.events.ModelState("s.x", "table", null, "h0", "c0", null, null, "r0", 3)));
    decide.accept(Envelope.of("r2", select("s.x")));
    decide.accept(
        Envelope.of(
            "r2", new ModelFailed("s.x", ErrorCode.STALE_PLAN, true, "moved", 0, 5L, null)));
    assertThat(seen)
        .containsExactly(
            null,
            new ModelSlot.Known("table", "h", "c", 7),
            new ModelSlot.Known(null, null, null, 5));
  }

  // ---- helpers ----

  private List<Envelope> done(String runId, String model) {
    return decide(runId, new ModelCompleted(model, "table", null, 1, null, "h", "c", 1, 5, false));
  }

  private List<Envelope> fail(String runId, String model, ErrorCode code) {
    return decide(runId, new ModelFailed(model, code, code.retryable(), "boom", 5));
  }

  private List<Envelope> request(String runId, RunRequested r) {
    return decide(runId, r);
  }

  private List<Envelope> arrive(DataArrived a) {
    return decide("arrival", a);
  }

  private List<Envelope> decide(String runId, io.t4t.events.Payload p) {
    Coordinator.Decision d =
        coordinator.decide(store, Envelope.of(runId, p), null, clock.instant());
    d.changes().applyTo(store);
    return d.events();
  }

  private List<Envelope> tick() {
    Coordinator.Decision d = coordinator.tick(store, clock.instant());
    d.changes().applyTo(store);
    return d.events();
  }

  private RunView view(String runId) {
    return Coordinator.view(store, runId).orElseThrow();
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
