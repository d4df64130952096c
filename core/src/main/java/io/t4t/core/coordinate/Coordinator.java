package io.t4t.core.coordinate;

import io.t4t.core.dag.ModelGraph;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.ModelName;
import io.t4t.core.project.Project;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.DataArrived;
import io.t4t.events.DeadLetterReason;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventFormatException;
import io.t4t.events.MergeTask;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.ModelRunFinalize;
import io.t4t.events.ModelStarted;
import io.t4t.events.ModelState;
import io.t4t.events.Payload;
import io.t4t.events.RunRequested;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

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
 */
public final class Coordinator {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

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

  private final Project project;
  private final ModelGraph graph;
  private final Settings settings;
  private final CommandFactory factory;

  public Coordinator(Project project, ModelGraph graph, Settings settings, CommandFactory factory) {
    this.project = project;
    this.graph = graph;
    this.settings = settings;
    this.factory = factory;
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
      s.requestRun(runId, r, trace);
    } else if (p instanceof DataArrived a) {
      s.arrived(a);
    } else if (p instanceof ModelCompleted c) {
      s.learn(c.model(), c.materialization(), c.sqlHash(), c.configHash(), c.ledgerSeq(), false);
      s.finish(runId, modelOf(c.model()), Status.SUCCEEDED, null, null);
    } else if (p instanceof ModelFailed f) {
      s.failed(runId, f);
    } else if (p instanceof ModelFannedOut f) {
      s.fannedOut(runId, f);
    } else if (p instanceof BucketCompleted b) {
      s.bucketCompleted(runId, b);
    } else if (p instanceof BucketFailed b) {
      s.bucketFailed(runId, b);
    } else if (p instanceof ModelState m) {
      s.learn(m.model(), m.materialization(), m.sqlHash(), m.configHash(), m.ledgerSeq(), false);
    } else if (!(p instanceof ModelStarted)) {
      throw new EventFormatException(
          DeadLetterReason.WRONG_TOPIC,
          "Cannot coordinate a "
              + event.type().wireName()
              + " event: the planner does not read it");
    }
    return new Decision(s.changes, s.out);
  }

  /**
   * What can be said of an event without the state: a run request must be for this project and name
   * its models; every other event must be about one of them.
   *
   * @throws EventFormatException naming what is wrong (the event is for the dead-letter topic)
   */
  public void check(Envelope event) {
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

  private ModelName resolveForRequest(String name) {
    try {
      return project.resolveModel(name);
    } catch (InvalidInputException e) {
      throw new EventFormatException(
          DeadLetterReason.UNKNOWN_MODEL, "Invalid run request: " + e.getMessage(), e);
    }
  }

  /**
   * Fires what is due: closes an arrival window whose time is up (starting one run), sends retries
   * whose back-off has passed, and expires runs finished longer ago than the retention.
   */
  public Decision tick(CoordinatorStore state, Instant now) {
    Step s = new Step(state, now);
    s.tick();
    return new Decision(s.changes, s.out);
  }

  /** When the next timer is due (null: none); a transport sleeps until then. */
  public Instant nextDue(CoordinatorStore state) {
    return state.schedule().nextDue(settings.coalesceWindow());
  }

  /** A run's progress for {@code GET /runs/{id}}; empty when unknown. */
  public static java.util.Optional<RunView> view(CoordinatorStore state, String runId) {
    RunHeader h = state.run(runId);
    return h == null ? java.util.Optional.empty() : java.util.Optional.of(RunView.of(h, state));
  }

  private ModelName modelOf(String text) {
    try {
      return ModelName.parse(text);
    } catch (InvalidInputException e) {
      throw new EventFormatException(DeadLetterReason.UNKNOWN_MODEL, e.getMessage(), e);
    }
  }

  /** One decision in the making: the changes over the state, and the events to publish. */
  private final class Step {
    final Changes changes;
    final Instant now;
    final List<Envelope> out = new ArrayList<>();

    Step(CoordinatorStore state, Instant now) {
      this.changes = new Changes(state);
      this.now = now;
    }

    // ---- run requests ----

    void requestRun(String runId, RunRequested request, String trace) {
      if (changes.run(runId) != null) {
        return; // a redelivered request
      }
      List<ModelName> select = request.select().stream().map(m -> resolveForRequest(m)).toList();
      List<ModelName> exclude = request.exclude().stream().map(m -> resolveForRequest(m)).toList();
      Set<ModelName> selected = new TreeSet<>(select.isEmpty() ? graph.order() : select);
      exclude.forEach(selected::remove);
      List<ModelName> models = graph.order().stream().filter(selected::contains).toList();
      RunRequested canonical =
          new RunRequested(
              request.project(),
              select.stream().map(ModelName::toString).toList(),
              exclude.stream().map(ModelName::toString).toList(),
              request.vars(),
              request.fullRefresh(),
              request.reason());
      // a run of no model (every selected one excluded) is finished as it starts
      changes.putRun(
          new RunHeader(
              runId, canonical, trace, models.size(), now, models.isEmpty() ? now : null, null));
      for (ModelName m : models) {
        changes.putProgress(runId, m.toString(), ModelProgress.pending());
      }
      for (ModelName m : models) {
        tryStart(runId, m);
      }
      closeIfDone(runId);
    }

    /**
     * Commands a pending model whose selected upstream models have succeeded, unless it runs in
     * another run (then the run waits in the model's slot); skips it when one of them failed.
     */
    void tryStart(String runId, ModelName m) {
      String model = m.toString();
      ModelProgress p = changes.progress(runId, model);
      if (p == null || p.status() != Status.PENDING) {
        return;
      }
      List<ModelName> blockedBy = new ArrayList<>();
      boolean waiting = false;
      for (ModelName up : graph.upstream(m)) {
        ModelProgress u = changes.progress(runId, up.toString());
        if (u == null) {
          continue; // not selected: counts as done
        }
        if (u.status() == Status.FAILED || u.status() == Status.SKIPPED) {
          blockedBy.add(up);
        } else if (u.status() != Status.SUCCEEDED) {
          waiting = true;
        }
      }
      if (!blockedBy.isEmpty()) {
        skip(runId, m, blockedBy);
        return;
      }
      if (waiting) {
        return;
      }
      ModelSlot slot = changes.slot(model);
      if (slot.inFlight() != null && !slot.inFlight().equals(runId)) {
        if (!slot.waiting().contains(runId)) {
          List<String> w = new ArrayList<>(slot.waiting());
          w.add(runId);
          changes.putSlot(model, slot.waiting(w));
        }
        return;
      }
      changes.putSlot(model, slot.inFlight(runId));
      changes.putProgress(runId, model, p.attempt(1).with(Status.RUNNING, null, null));
      command(runId, m, 1);
    }

    /**
     * Commands a running model. A model that cannot be planned (a variable it needs is missing, its
     * files changed for the worse) fails here, naming why, instead of failing the event that
     * released it: that event's other effects stand.
     */
    private void command(String runId, ModelName m, int attempt) {
      RunHeader h = changes.run(runId);
      ModelSlot slot = changes.slot(m.toString());
      try {
        out.add(Envelope.of(runId, factory.command(m, h.request(), attempt, slot.known())));
      } catch (InvalidInputException e) {
        String msg = "Cannot plan " + m + ": " + e.getMessage();
        LOG.warning(msg);
        out.add(
            Envelope.of(
                runId, new ModelFailed(m.toString(), ErrorCode.INVALID_MODEL, false, msg, 0)));
        finish(runId, m, Status.FAILED, msg, ErrorCode.INVALID_MODEL);
      }
    }

    private void skip(String runId, ModelName m, List<ModelName> blockedBy) {
      String msg = "Skipped " + m + ": upstream " + blockedBy + " did not run";
      LOG.warning(msg);
      String model = m.toString();
      changes.putProgress(
          runId,
          model,
          changes.progress(runId, model).with(Status.SKIPPED, msg, ErrorCode.UPSTREAM_FAILED));
      removeWaiting(model, runId);
      decrementOpen(runId);
      out.add(Envelope.of(runId, new ModelFailed(model, ErrorCode.UPSTREAM_FAILED, false, msg, 0)));
    }

    private void removeWaiting(String model, String runId) {
      ModelSlot slot = changes.slot(model);
      if (slot.waiting().contains(runId)) {
        List<String> w = new ArrayList<>(slot.waiting());
        w.remove(runId);
        changes.putSlot(model, slot.waiting(w));
      }
    }

    // ---- outcomes ----

    boolean running(String runId, String model) {
      ModelProgress p = changes.progress(runId, model);
      return p != null && p.status() == Status.RUNNING;
    }

    /** A model finished in a run: releases its downstream models and the runs waiting for it. */
    void finish(String runId, ModelName m, Status status, String message, ErrorCode code) {
      String model = m.toString();
      if (!running(runId, model)) {
        return; // unknown run, duplicate or late outcome
      }
      changes.putProgress(runId, model, changes.progress(runId, model).with(status, message, code));
      decrementOpen(runId);
      ModelSlot slot = changes.slot(model);
      if (runId.equals(slot.inFlight())) {
        slot = slot.inFlight(null);
        changes.putSlot(model, slot);
      }
      if (status == Status.SUCCEEDED) {
        for (ModelName d : graph.downstream(m)) {
          tryStart(runId, d);
        }
      } else {
        cascadeSkips(runId, m);
      }
      // the oldest run waiting for this model takes it now
      while (changes.slot(model).inFlight() == null && !changes.slot(model).waiting().isEmpty()) {
        ModelSlot s = changes.slot(model);
        String next = s.waiting().get(0);
        changes.putSlot(model, s.waiting(s.waiting().subList(1, s.waiting().size())));
        tryStart(next, m);
      }
      closeIfDone(runId);
    }

    private void cascadeSkips(String runId, ModelName failed) {
      Deque<ModelName> todo = new ArrayDeque<>(graph.downstream(failed));
      Set<ModelName> seen = new LinkedHashSet<>();
      while (!todo.isEmpty()) {
        ModelName d = todo.poll();
        if (!seen.add(d)) {
          continue;
        }
        ModelProgress p = changes.progress(runId, d.toString());
        if (p == null || p.status() != Status.PENDING) {
          continue;
        }
        tryStart(runId, d);
        if (changes.progress(runId, d.toString()).status() == Status.SKIPPED) {
          todo.addAll(graph.downstream(d));
        }
      }
    }

    private void decrementOpen(String runId) {
      RunHeader h = changes.run(runId);
      changes.putRun(h.withOpen(h.open() - 1, now));
    }

    private void closeIfDone(String runId) {
      RunHeader h = changes.run(runId);
      if (h != null && h.done() && h.finishedAt() != null && h.expiredAt() == null) {
        changes.expireAt(h.finishedAt().plus(settings.retention()), runId);
      }
    }

    void failed(String runId, ModelFailed f) {
      ModelName m = modelOf(f.model());
      if (f.errorCode() == ErrorCode.STALE_PLAN && f.ledgerSeq() != null) {
        ModelState s = f.ledgerState();
        // the executor read the ledger itself: its position wins, even one behind what was seen
        // (a warehouse restored from a backup)
        learn(
            f.model(),
            s == null ? null : s.materialization(),
            s == null ? null : s.sqlHash(),
            s == null ? null : s.configHash(),
            f.ledgerSeq(),
            true);
      }
      if (!running(runId, f.model())) {
        return;
      }
      ModelProgress p = changes.progress(runId, f.model());
      if (f.attempt() != null && f.attempt() != p.attempt()) {
        return; // the failure of an earlier attempt, delivered again: already acted on
      }
      if (f.errorCode() == ErrorCode.STALE_PLAN && p.replans() < MAX_REPLANS) {
        LOG.info("Planning " + m + " again: " + f.message());
        changes.putProgress(runId, f.model(), p.replanned());
        command(runId, m, p.attempt());
        return;
      }
      if (f.retryable() && p.attempt() < settings.maxAttempts()) {
        int next = p.attempt() + 1;
        LOG.warning("Retrying " + m + " (attempt " + next + "): " + f.message());
        changes.putProgress(runId, f.model(), p.attempt(next));
        retryLater(runId, f.model(), -1, 0, next);
        return;
      }
      finish(runId, m, Status.FAILED, f.message(), f.errorCode());
    }

    private void retryLater(String runId, String model, int bucket, int buckets, int attempt) {
      Duration wait = settings.retryBackoff().multipliedBy(1L << Math.min(attempt - 2, 10));
      if (wait.isZero()) {
        fire(new Schedule.Retry(now, runId, model, bucket, buckets, attempt));
        return;
      }
      Schedule sc = changes.schedule();
      List<Schedule.Retry> r = new ArrayList<>(sc.retries());
      r.add(new Schedule.Retry(now.plus(wait), runId, model, bucket, buckets, attempt));
      changes.putSchedule(new Schedule(sc.window(), r));
    }

    private void fire(Schedule.Retry r) {
      if (!running(r.runId(), r.model())) {
        return; // the run moved on meanwhile
      }
      if (r.bucket() < 0) {
        command(r.runId(), ModelName.parse(r.model()), r.attempt());
      } else {
        out.add(
            Envelope.of(r.runId(), new MergeTask(r.model(), r.bucket(), r.buckets(), r.attempt())));
      }
    }

    void learn(String model, String mat, String sql, String config, long seq, boolean override) {
      ModelSlot slot = changes.slot(model);
      ModelSlot.Known k = slot.known();
      if (override || k == null || k.seq() < seq) {
        changes.putSlot(model, slot.known(new ModelSlot.Known(mat, sql, config, seq)));
      }
    }

    // ---- fan-out ----

    void fannedOut(String runId, ModelFannedOut f) {
      modelOf(f.model());
      if (!running(runId, f.model())) {
        return;
      }
      ModelProgress p = changes.progress(runId, f.model());
      if (p.buckets() == null) {
        changes.putProgress(
            runId,
            f.model(),
            p.withBuckets(
                ModelProgress.Buckets.of(f.buckets()), "0 of " + f.buckets() + " buckets"));
      }
      LOG.info(
          f.model() + ": " + f.deltaRows() + " rows fanned out into " + f.buckets() + " buckets");
    }

    /**
     * A bucket was applied. Duplicates and late events count once; when every bucket is applied,
     * the run is finished by a {@code model_run_finalize} (only then does the watermark advance).
     */
    void bucketCompleted(String runId, BucketCompleted b) {
      modelOf(b.model());
      if (!running(runId, b.model())) {
        return;
      }
      ModelProgress p = changes.progress(runId, b.model());
      ModelProgress.Buckets k =
          p.buckets() == null ? ModelProgress.Buckets.of(b.buckets()) : p.buckets();
      if (!k.applied().contains(b.bucket())) {
        k = k.apply(b.bucket());
        LOG.info(b.model() + ": " + k.applied().size() + " of " + k.count() + " buckets applied");
      }
      if (k.applied().size() == k.count() && !k.finishing()) {
        k = k.markFinishing();
        out.add(Envelope.of(runId, new ModelRunFinalize(b.model(), k.count(), p.attempt())));
      }
      changes.putProgress(
          runId, b.model(), p.withBuckets(k, k.applied().size() + " of " + k.count() + " buckets"));
    }

    /**
     * A bucket failed: sent again after a back-off when the error is retryable and attempts remain,
     * else the model fails, naming the bucket.
     */
    void bucketFailed(String runId, BucketFailed b) {
      ModelName m = modelOf(b.model());
      if (!running(runId, b.model())) {
        return;
      }
      ModelProgress p = changes.progress(runId, b.model());
      ModelProgress.Buckets k =
          p.buckets() == null ? ModelProgress.Buckets.of(b.buckets()) : p.buckets();
      if (k.applied().contains(b.bucket())) {
        return; // a late failure of a bucket that a redelivery applied
      }
      int attempt = k.attempts().getOrDefault(b.bucket(), 1);
      if (b.retryable() && attempt < settings.maxAttempts()) {
        LOG.warning(
            "Retrying bucket "
                + b.bucket()
                + " of "
                + m
                + " (attempt "
                + (attempt + 1)
                + "): "
                + b.message());
        changes.putProgress(
            runId, b.model(), p.withBuckets(k.attempt(b.bucket(), attempt + 1), p.message()));
        retryLater(runId, b.model(), b.bucket(), b.buckets(), attempt + 1);
        return;
      }
      String message =
          "Bucket "
              + b.bucket()
              + " of "
              + b.buckets()
              + " of "
              + m
              + " failed ("
              + k.applied().size()
              + " of "
              + k.count()
              + " applied; the watermark did not advance, and the next run applies the whole delta"
              + " again): "
              + b.message();
      out.add(Envelope.of(runId, new ModelFailed(b.model(), b.errorCode(), false, message, 0)));
      finish(runId, m, Status.FAILED, message, b.errorCode());
    }

    // ---- arrivals and timers ----

    void arrived(DataArrived a) {
      Set<ModelName> readers = graph.readers(a.source());
      if (readers.isEmpty()) {
        LOG.info("No model reads " + a.source() + ": arrival ignored");
        return;
      }
      Schedule sc = changes.schedule();
      Schedule.Window w = sc.window();
      Set<String> sources = new TreeSet<>(w == null ? Set.of() : w.sources());
      Set<String> models = new TreeSet<>(w == null ? Set.of() : w.models());
      sources.add(a.source());
      readers.forEach(r -> models.add(r.toString()));
      changes.putSchedule(
          new Schedule(
              new Schedule.Window(w == null ? now : w.opened(), sources, models), sc.retries()));
      closeWindowIfDue();
    }

    void tick() {
      closeWindowIfDue();
      Schedule sc = changes.schedule();
      List<Schedule.Retry> due = sc.retries().stream().filter(r -> !r.due().isAfter(now)).toList();
      if (!due.isEmpty()) {
        List<Schedule.Retry> later = new ArrayList<>(sc.retries());
        later.removeAll(due);
        changes.putSchedule(new Schedule(changes.schedule().window(), later));
        due.forEach(this::fire);
      }
      for (Map.Entry<Instant, String> e : changes.expiring(now)) {
        expire(e.getKey(), e.getValue());
      }
    }

    private void closeWindowIfDue() {
      Schedule sc = changes.schedule();
      Schedule.Window w = sc.window();
      if (w == null || now.isBefore(w.opened().plus(settings.coalesceWindow()))) {
        return;
      }
      Set<ModelName> roots = new TreeSet<>();
      w.models().forEach(m -> roots.add(ModelName.parse(m)));
      Set<ModelName> models = graph.withDownstream(roots);
      LOG.info("Data arrived for " + w.sources() + ": running " + models);
      changes.putSchedule(new Schedule(null, sc.retries()));
      // the same window always makes the same run id, so a replayed decision makes no new run
      String runId =
          "arrival-"
              + UUID.nameUUIDFromBytes(
                  (w.opened() + " " + w.sources()).getBytes(StandardCharsets.UTF_8));
      requestRun(
          runId,
          new RunRequested(
              project.folder(),
              models.stream().map(ModelName::toString).toList(),
              List.of(),
              Map.of(),
              false,
              "arrival"),
          null);
    }

    /** Drops a finished run's progress, keeping a marker that it expired; later, the marker. */
    private void expire(Instant due, String runId) {
      changes.unexpire(due, runId);
      RunHeader h = changes.run(runId);
      if (h == null) {
        return;
      }
      if (h.expiredAt() != null) {
        changes.deleteRun(runId);
        return;
      }
      for (String model : changes.progressOf(runId).keySet()) {
        changes.deleteProgress(runId, model);
      }
      changes.putRun(h.expired(now));
      changes.expireAt(now.plus(settings.retention()), runId);
    }
  }
}
