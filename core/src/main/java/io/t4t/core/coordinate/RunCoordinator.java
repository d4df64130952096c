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
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelRunFinalize;
import io.t4t.events.RunRequested;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Decides which model runs to command, and when:
 *
 * <ul>
 *   <li>a model is commanded once every upstream model selected in the same run has succeeded
 *       (upstream models outside the selection count as done);
 *   <li>a failed model skips its downstream models in the run; others go on;
 *   <li>a model never runs in two runs at once: a later run's command for it waits until the
 *       earlier one's outcome arrived, and is then planned from state that includes it;
 *   <li>data arrivals are coalesced: the first arrival for a source opens a window, every arrival
 *       until it closes joins it, and one run of the affected models and their downstream models
 *       follows;
 *   <li>retryable failures are commanded again, up to a limit;
 *   <li>outcomes that are duplicated, late, or for unknown runs change nothing.
 * </ul>
 *
 * Not thread-safe: one message handler thread drives it.
 */
public final class RunCoordinator {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  /** Plans one model run into a command (reads the model's state as of now). */
  @FunctionalInterface
  public interface CommandFactory {
    ModelRunCommand command(ModelName model, RunRequested request, int attempt);
  }

  /** How often a model whose command met a moved ledger is planned again in one run. */
  static final int MAX_REPLANS = 5;

  private final Project project;
  private final ModelGraph graph;
  private final Clock clock;
  private final Duration coalesceWindow;
  private final int maxAttempts;
  private final CommandFactory factory;

  private final Map<String, RunProgress> runs = new LinkedHashMap<>();
  private final Map<String, RunRequested> requests = new HashMap<>();
  private final Map<String, Map<ModelName, Integer>> attempts = new HashMap<>();
  private final Map<String, Map<ModelName, Integer>> replans = new HashMap<>();
  private final Map<ModelName, String> inFlight = new HashMap<>();
  private final Set<ModelName> arrivalModels = new TreeSet<>();
  private final Set<String> arrivalSources = new TreeSet<>();
  private Instant windowOpened;
  private final Map<String, Map<ModelName, Buckets>> fanOuts = new HashMap<>();

  /** The collector's view of one fanned-out model run. */
  private static final class Buckets {
    final int count;
    final Set<Integer> applied = new TreeSet<>();
    final Map<Integer, Integer> attempts = new HashMap<>();
    boolean finishing;

    Buckets(int count) {
      this.count = count;
    }
  }

  public RunCoordinator(
      Project project,
      ModelGraph graph,
      Clock clock,
      Duration coalesceWindow,
      int maxAttempts,
      CommandFactory factory) {
    this.project = project;
    this.graph = graph;
    this.clock = clock;
    this.coalesceWindow = coalesceWindow;
    this.maxAttempts = maxAttempts;
    this.factory = factory;
  }

  /**
   * Starts a run of the selected models; returns the commands for those ready now. Models are named
   * as on the command line: {@code schema.name}, or {@code name} where it is unique.
   *
   * @throws EventFormatException when the request is for another project or names a model this
   *     project does not have (the request changes nothing)
   */
  public List<Envelope> requestRun(String runId, RunRequested request) {
    if (runs.containsKey(runId)) {
      return List.of(); // a redelivered request
    }
    if (!project.folder().equals(request.project())) {
      throw new EventFormatException(
          DeadLetterReason.WRONG_PROJECT,
          "Cannot run project '"
              + request.project()
              + "': this planner runs '"
              + project.folder()
              + "' (give each project its own topic prefix)");
    }
    List<ModelName> select = resolve(request.select());
    List<ModelName> exclude = resolve(request.exclude());
    Set<ModelName> selected = new TreeSet<>();
    if (select.isEmpty()) {
      selected.addAll(graph.order());
    } else {
      selected.addAll(select);
    }
    exclude.forEach(selected::remove);
    RunProgress progress = new RunProgress(runId);
    for (ModelName m : graph.order()) {
      if (selected.contains(m)) {
        progress.set(m, RunProgress.Status.PENDING, null);
      }
    }
    runs.put(runId, progress);
    requests.put(
        runId,
        new RunRequested(
            request.project(),
            select.stream().map(ModelName::toString).toList(),
            exclude.stream().map(ModelName::toString).toList(),
            request.vars(),
            request.fullRefresh(),
            request.reason()));
    attempts.put(runId, new HashMap<>());
    replans.put(runId, new HashMap<>());
    return release();
  }

  private List<ModelName> resolve(List<String> names) {
    List<ModelName> out = new ArrayList<>();
    for (String n : names) {
      try {
        out.add(project.resolveModel(n));
      } catch (InvalidInputException e) {
        throw new EventFormatException(
            DeadLetterReason.UNKNOWN_MODEL, "Invalid run request: " + e.getMessage(), e);
      }
    }
    return out;
  }

  /** A model run committed; releases what it blocked. */
  public List<Envelope> completed(String runId, ModelCompleted event) {
    return finish(runId, ModelName.parse(event.model()), RunProgress.Status.SUCCEEDED, null);
  }

  /** A model run failed: retried when retryable and attempts remain, else its dependents skip. */
  public List<Envelope> failed(String runId, ModelFailed event) {
    ModelName model = ModelName.parse(event.model());
    RunProgress progress = runs.get(runId);
    if (progress == null || progress.status(model) != RunProgress.Status.RUNNING) {
      return List.of();
    }
    int attempt = attempts.get(runId).getOrDefault(model, 1);
    if (event.errorCode() == ErrorCode.STALE_PLAN) {
      // nothing was applied: plan again from the ledger position the failure reports (the
      // command factory has seen it), without spending an attempt; a ledger that keeps moving
      // under the run fails the model
      int replanned = replans.get(runId).merge(model, 1, Integer::sum);
      if (replanned <= MAX_REPLANS) {
        LOG.info("Planning " + model + " again: " + event.message());
        return List.of(Envelope.of(runId, factory.command(model, requests.get(runId), attempt)));
      }
    }
    if (event.retryable() && attempt < maxAttempts) {
      attempts.get(runId).put(model, attempt + 1);
      Map<ModelName, Buckets> f = fanOuts.get(runId);
      if (f != null) {
        f.remove(model); // the retry re-sends every bucket; applied ones answer from the ledger
      }
      LOG.warning("Retrying " + model + " (attempt " + (attempt + 1) + "): " + event.message());
      return List.of(Envelope.of(runId, factory.command(model, requests.get(runId), attempt + 1)));
    }
    return finish(runId, model, RunProgress.Status.FAILED, event.message());
  }

  /** A model run was split into buckets: the collector starts counting them. */
  public List<Envelope> fannedOut(String runId, ModelFannedOut event) {
    ModelName model = ModelName.parse(event.model());
    if (!running(runId, model)) {
      return List.of();
    }
    fanOuts
        .computeIfAbsent(runId, r -> new HashMap<>())
        .putIfAbsent(model, new Buckets(event.buckets()));
    LOG.info(
        model + ": " + event.deltaRows() + " rows fanned out into " + event.buckets() + " buckets");
    return List.of();
  }

  /**
   * A bucket was applied. Duplicates and late events count once; when every bucket is applied, the
   * run is finished by a {@code finalize} command (only then does the watermark advance).
   */
  public List<Envelope> bucketCompleted(String runId, BucketCompleted event) {
    ModelName model = ModelName.parse(event.model());
    if (!running(runId, model)) {
      return List.of();
    }
    Buckets b =
        fanOuts
            .computeIfAbsent(runId, r -> new HashMap<>())
            .computeIfAbsent(model, m -> new Buckets(event.buckets()));
    if (b.applied.add(event.bucket())) {
      LOG.info(model + ": " + b.applied.size() + " of " + b.count + " buckets applied");
      runs.get(runId)
          .set(model, RunProgress.Status.RUNNING, b.applied.size() + " of " + b.count + " buckets");
    }
    if (b.applied.size() == b.count && !b.finishing) {
      b.finishing = true;
      return List.of(
          Envelope.of(
              runId,
              new ModelRunFinalize(
                  model.toString(), b.count, attempts.get(runId).getOrDefault(model, 1))));
    }
    return List.of();
  }

  /**
   * A bucket failed: sent again when the error is retryable and attempts remain, else the model
   * fails, naming the bucket.
   */
  public List<Envelope> bucketFailed(String runId, BucketFailed event) {
    ModelName model = ModelName.parse(event.model());
    if (!running(runId, model)) {
      return List.of();
    }
    Buckets b =
        fanOuts
            .computeIfAbsent(runId, r -> new HashMap<>())
            .computeIfAbsent(model, m -> new Buckets(event.buckets()));
    if (b.applied.contains(event.bucket())) {
      return List.of(); // a late failure of a bucket that a redelivery applied
    }
    int attempt = b.attempts.getOrDefault(event.bucket(), 1);
    if (event.retryable() && attempt < maxAttempts) {
      b.attempts.put(event.bucket(), attempt + 1);
      LOG.warning(
          "Retrying bucket "
              + event.bucket()
              + " of "
              + model
              + " (attempt "
              + (attempt + 1)
              + "): "
              + event.message());
      return List.of(
          Envelope.of(
              runId,
              new MergeTask(model.toString(), event.bucket(), event.buckets(), attempt + 1)));
    }
    String message =
        "Bucket "
            + event.bucket()
            + " of "
            + event.buckets()
            + " of "
            + model
            + " failed ("
            + b.applied.size()
            + " of "
            + b.count
            + " applied; the watermark did not advance, and the next run applies the whole delta"
            + " again): "
            + event.message();
    List<Envelope> out = new ArrayList<>();
    out.add(
        Envelope.of(
            runId, new ModelFailed(model.toString(), event.errorCode(), false, message, 0)));
    out.addAll(finish(runId, model, RunProgress.Status.FAILED, message));
    return out;
  }

  private boolean running(String runId, ModelName model) {
    RunProgress progress = runs.get(runId);
    return progress != null && progress.status(model) == RunProgress.Status.RUNNING;
  }

  /** New data for a source: opens or joins the coalescing window. */
  public List<Envelope> arrived(DataArrived event) {
    String source = event.source();
    Set<ModelName> readers = graph.readers(source);
    if (readers.isEmpty()) {
      LOG.info("No model reads " + event.source() + ": arrival ignored");
      return List.of();
    }
    if (windowOpened == null) {
      windowOpened = clock.instant();
    }
    arrivalModels.addAll(readers);
    arrivalSources.add(source);
    return tick();
  }

  /** Closes the arrival window when it is due, starting one run; call it periodically. */
  public List<Envelope> tick() {
    if (windowOpened == null || clock.instant().isBefore(windowOpened.plus(coalesceWindow))) {
      return List.of();
    }
    Set<ModelName> models = graph.withDownstream(arrivalModels);
    LOG.info("Data arrived for " + arrivalSources + ": running " + models);
    windowOpened = null;
    arrivalModels.clear();
    arrivalSources.clear();
    RunRequested request =
        new RunRequested(
            project.folder(),
            models.stream().map(ModelName::toString).toList(),
            List.of(),
            Map.of(),
            false,
            "arrival");
    return requestRun("arrival-" + UUID.randomUUID(), request);
  }

  /** When the open arrival window closes, if one is open. */
  public Optional<Instant> windowClosesAt() {
    return Optional.ofNullable(windowOpened).map(t -> t.plus(coalesceWindow));
  }

  /** The ids of every run this coordinator has seen, oldest first. */
  public List<String> runIds() {
    return List.copyOf(runs.keySet());
  }

  public Optional<RunProgress> progress(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  private List<Envelope> finish(
      String runId, ModelName model, RunProgress.Status status, String message) {
    RunProgress progress = runs.get(runId);
    if (progress == null || progress.status(model) != RunProgress.Status.RUNNING) {
      return List.of(); // unknown run, duplicate or late outcome
    }
    progress.set(model, status, message);
    inFlight.remove(model, runId);
    Map<ModelName, Buckets> f = fanOuts.get(runId);
    if (f != null) {
      f.remove(model);
    }
    return release();
  }

  /** Commands every model that is ready, in every open run, oldest run first. */
  private List<Envelope> release() {
    List<Envelope> out = new ArrayList<>();
    for (RunProgress progress : runs.values()) {
      if (progress.done()) {
        continue;
      }
      for (ModelName m : progress.models().keySet()) {
        if (progress.status(m) != RunProgress.Status.PENDING) {
          continue;
        }
        List<ModelName> blockedBy = new ArrayList<>();
        boolean waiting = false;
        for (ModelName up : graph.upstream(m)) {
          RunProgress.Status s = progress.status(up);
          if (s == RunProgress.Status.FAILED || s == RunProgress.Status.SKIPPED) {
            blockedBy.add(up);
          } else if (s != null && s != RunProgress.Status.SUCCEEDED) {
            waiting = true;
          }
        }
        if (!blockedBy.isEmpty()) {
          String msg = "Skipped " + m + ": upstream " + blockedBy + " did not run";
          LOG.warning(msg);
          progress.set(m, RunProgress.Status.SKIPPED, msg);
          out.add(
              Envelope.of(
                  progress.runId(),
                  new ModelFailed(m.toString(), ErrorCode.UPSTREAM_FAILED, false, msg, 0)));
        } else if (!waiting && !inFlight.containsKey(m)) {
          inFlight.put(m, progress.runId());
          progress.set(m, RunProgress.Status.RUNNING, null);
          attempts.get(progress.runId()).put(m, 1);
          out.add(
              Envelope.of(progress.runId(), factory.command(m, requests.get(progress.runId()), 1)));
        }
      }
    }
    return out;
  }
}
