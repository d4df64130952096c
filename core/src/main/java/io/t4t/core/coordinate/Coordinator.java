package io.t4t.core.coordinate;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.project.Project;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.DataArrived;
import io.t4t.events.DeadLetterReason;
import io.t4t.events.Envelope;
import io.t4t.events.EventFormatException;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.ModelStarted;
import io.t4t.events.ModelState;
import io.t4t.events.Payload;
import io.t4t.events.RunRequested;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The planner's event logic: a pure function of (state, event, now) to (changes, events to
 * publish). The one coordinator behind {@code t4t run}, {@code t4t serve} and the planner-service;
 * the transports only store the state and move the events.
 *
 * <ul>
 *   <li>a model is commanded once every upstream model selected in the same run has succeeded
 *       (upstream models outside the selection count as done);
 *   <li>a failed model skips its downstream models in the run; others go on;
 *   <li>a model never runs in two runs at once: a later run's command for it waits until the
 *       earlier one's outcome, and is then planned from state that includes it;
 *   <li>data arrivals are coalesced: the first arrival for a source opens a window, every arrival
 *       until it closes joins it, and one run of the affected models and their downstream models
 *       follows;
 *   <li>retryable failures are commanded again after a back-off, up to a limit; a stale plan is
 *       planned again at once, without spending an attempt;
 *   <li>outcomes that are duplicated, late, or for unknown runs change nothing;
 *   <li>a finished run is kept for the retention period, then its progress is dropped (a marker
 *       says it expired for as long again).
 * </ul>
 *
 * Each event touches only what it changes: the models downstream of the one that finished in its
 * run, and the runs waiting for that model; never every run.
 *
 * <p>This class only routes: each event goes to the part that owns it, all writing to one {@link
 * Step}: {@link EventCheck} (what an event must be), {@link Release} (runs and the release of their
 * models), {@link Outcomes} (completions, failures, replans), {@link FanIn} (buckets of a
 * fanned-out run), {@link Retries} (back-offs), {@link Arrivals} (coalescing) and {@link Expiry}
 * (retention).
 */
public final class Coordinator {
  /** How often a model whose command met a moved ledger is planned again in one run. */
  static final int MAX_REPLANS = 5;

  /**
   * @param coalesceWindow how long data arrivals are collected into one run
   * @param maxAttempts how often a model (or bucket) whose run failed retryably is commanded in all
   * @param retryBackoff the wait before the first retry, doubling with each further one
   * @param retention how long a finished run is kept (and, after that, its expiry marker)
   */
  public record Settings(
      Duration coalesceWindow, int maxAttempts, Duration retryBackoff, Duration retention) {
    public static Settings defaults() {
      return new Settings(Duration.ofMillis(200), 3, Duration.ofMillis(500), Duration.ofDays(3));
    }
  }

  /**
   * What one event or tick decided.
   *
   * @param changes to write to the state the decision read
   * @param events to publish, in order
   */
  public record Decision(Changes changes, List<Envelope> events) {}

  private final Settings settings;
  private final EventCheck check;
  private final Release release;
  private final Outcomes outcomes;
  private final FanIn fanIn;
  private final Retries retries;
  private final Arrivals arrivals;
  private final Expiry expiry;

  public Coordinator(Project project, ModelGraph graph, Settings settings, CommandFactory factory) {
    this.settings = settings;
    this.check = new EventCheck(project, graph);
    this.expiry = new Expiry(settings.retention());
    this.release = new Release(graph, factory, check, expiry);
    this.retries = new Retries(release, settings.retryBackoff());
    this.outcomes = new Outcomes(release, retries, settings.maxAttempts());
    this.fanIn = new FanIn(release, retries, settings.maxAttempts());
    this.arrivals = new Arrivals(project.folder(), graph, settings.coalesceWindow(), release);
  }

  public Settings settings() {
    return settings;
  }

  /**
   * Decides what an event of the planner's topics means.
   *
   * @param trace the trace context the event came in (a {@code traceparent}; null: none), kept by a
   *     new run so that all its events carry it
   * @throws EventFormatException for a run request of another project or naming a model this
   *     project does not have, and for an event the planner does not read; nothing changes
   */
  public Decision decide(CoordinatorStore state, Envelope event, String trace, Instant now) {
    check(event);
    Step s = new Step(state, now);
    Payload p = event.payload();
    String runId = event.runId();
    if (p instanceof RunRequested r) {
      release.requestRun(s, runId, r, trace);
    } else if (p instanceof DataArrived a) {
      arrivals.arrived(s, a);
    } else if (p instanceof ModelCompleted c) {
      outcomes.completed(s, runId, c);
    } else if (p instanceof ModelFailed f) {
      outcomes.failed(s, runId, f);
    } else if (p instanceof ModelFannedOut f) {
      fanIn.fannedOut(s, runId, f);
    } else if (p instanceof BucketCompleted b) {
      fanIn.bucketCompleted(s, runId, b);
    } else if (p instanceof BucketFailed b) {
      fanIn.bucketFailed(s, runId, b);
    } else if (p instanceof ModelState m) {
      outcomes.state(s, m);
    } else if (!(p instanceof ModelStarted)) {
      throw new EventFormatException(
          DeadLetterReason.WRONG_TOPIC,
          "Cannot coordinate a "
              + event.type().wireName()
              + " event: the planner does not read it");
    }
    return s.decision();
  }

  /**
   * What can be said of an event without the state: a run request must be for this project and name
   * its models; every other event must be about one of them.
   *
   * @throws EventFormatException naming what is wrong (the event is for the dead-letter topic)
   */
  public void check(Envelope event) {
    check.check(event);
  }

  /**
   * Fires what is due: closes an arrival window whose time is up (starting one run), sends retries
   * whose back-off has passed, and expires runs finished longer ago than the retention.
   */
  public Decision tick(CoordinatorStore state, Instant now) {
    Step s = new Step(state, now);
    arrivals.closeWindowIfDue(s);
    retries.fireDue(s);
    expiry.expireDue(s);
    return s.decision();
  }

  /** When the next timer is due (null: none); a transport sleeps until then. */
  public Instant nextDue(CoordinatorStore state) {
    return state.schedule().nextDue(settings.coalesceWindow());
  }

  /** A run's progress for {@code GET /runs/{id}}; empty when unknown. */
  public static Optional<RunView> view(CoordinatorStore state, String runId) {
    RunHeader h = state.run(runId);
    return h == null ? Optional.empty() : Optional.of(RunView.of(h, state));
  }
}
