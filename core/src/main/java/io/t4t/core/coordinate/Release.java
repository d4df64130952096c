package io.t4t.core.coordinate;

import io.t4t.core.dag.BackfillScope;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.project.ModelName;
import io.t4t.events.BackfillWindow;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelFailed;
import io.t4t.events.RunRequested;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Runs and the release of their models: a run starts with every selected model pending; a model is
 * commanded once its selected upstream models have succeeded and no other run has it in flight (a
 * later run waits in the model's {@link ModelSlot}); a model that finishes releases its downstream
 * models and the oldest run waiting for it, or, when it failed, skips its downstream models. A run
 * with no model left open is finished, and kept until its {@link Expiry}.
 */
final class Release {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private final ModelGraph graph;
  private final CommandFactory factory;
  private final EventCheck names;
  private final Expiry expiry;

  Release(ModelGraph graph, CommandFactory factory, EventCheck names, Expiry expiry) {
    this.graph = graph;
    this.factory = factory;
    this.names = names;
    this.expiry = expiry;
  }

  /** Starts a run of the request's models (a redelivered request changes nothing). */
  void requestRun(Step s, String runId, RunRequested request, String trace) {
    Changes changes = s.changes;
    if (changes.run(runId) != null) {
      return; // a redelivered request
    }
    List<ModelName> select = request.select().stream().map(names::resolveForRequest).toList();
    List<ModelName> exclude = request.exclude().stream().map(names::resolveForRequest).toList();
    Set<ModelName> selected = new TreeSet<>(select.isEmpty() ? graph.order() : select);
    exclude.forEach(selected::remove);
    List<ModelName> models = graph.order().stream().filter(selected::contains).toList();
    BackfillWindow window = request.backfill();
    if (window != null) { // the model and its downstream, as t4t backfill selects them
      ModelName root = names.resolveForRequest(window.model());
      Set<ModelName> chosen = BackfillScope.actions(names.project(), graph, root).keySet();
      // views downstream run too (they are re-created): a model reading one must wait for the
      // reload, and a model outside the run counts as done
      Set<ModelName> below = graph.withReaders(Set.of(root));
      models =
          graph.order().stream()
              .filter(
                  m ->
                      chosen.contains(m)
                          || below.contains(m)
                              && names
                                  .project()
                                  .models()
                                  .get(m)
                                  .config()
                                  .materialization()
                                  .wireName()
                                  .equals("view"))
              .toList();
      window = new BackfillWindow(root.toString(), window.start(), window.end());
    }
    RunRequested canonical =
        new RunRequested(
            request.project(),
            select.stream().map(ModelName::toString).toList(),
            exclude.stream().map(ModelName::toString).toList(),
            request.vars(),
            request.fullRefresh(),
            request.reason(),
            window);
    // a run of no model (every selected one excluded) is finished as it starts
    changes.putRun(
        new RunHeader(
            runId, canonical, trace, models.size(), s.now, models.isEmpty() ? s.now : null, null));
    for (ModelName m : models) {
      changes.putProgress(runId, m.toString(), ModelProgress.pending());
    }
    for (ModelName m : models) {
      tryStart(s, runId, m);
    }
    expiry.keepIfFinished(s, runId);
  }

  /**
   * Commands a pending model whose selected upstream models have succeeded, unless it runs in
   * another run (then the run waits in the model's slot); skips it when one of them failed.
   */
  private void tryStart(Step s, String runId, ModelName m) {
    Changes changes = s.changes;
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
      skip(s, runId, m, blockedBy);
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
    command(s, runId, m, 1);
  }

  /**
   * Commands a running model. A model that cannot be planned (a variable it needs is missing, its
   * files changed for the worse) fails here, naming why, instead of failing the event that released
   * it: that event's other effects stand.
   */
  void command(Step s, String runId, ModelName m, int attempt) {
    RunHeader h = s.changes.run(runId);
    ModelSlot slot = s.changes.slot(m.toString());
    try {
      BackfillWindow w = h.request().backfill();
      if (w != null && w.model().equals(m.toString())) {
        requireNoFullBuildBelow(s, m);
      }
      s.publish(runId, factory.command(m, h.request(), attempt, slot.known()));
    } catch (InvalidInputException e) {
      String msg = "Cannot plan " + m + ": " + e.getMessage();
      LOG.warning(msg);
      s.publish(runId, new ModelFailed(m.toString(), ErrorCode.INVALID_MODEL, false, msg, 0));
      finish(s, runId, m, Status.FAILED, msg, ErrorCode.INVALID_MODEL);
    }
  }

  /**
   * Before a backfill's model is commanded: a model of its selection that the coordinator knows is
   * due for a full build (its files changed since it was applied, or it was reset) cannot restate
   * the window, and would be refused only after the model it reads was reloaded. The engine's
   * checks (bounds, watermarks, columns) are the executor's, made for the whole selection too.
   */
  private void requireNoFullBuildBelow(Step s, ModelName root) {
    Map<ModelName, BackfillScope.Action> actions =
        BackfillScope.actions(names.project(), graph, root);
    for (Map.Entry<ModelName, BackfillScope.Action> a : actions.entrySet()) {
      ModelSlot.Known k = s.changes.slot(a.getKey().toString()).known();
      if (a.getValue() != BackfillScope.Action.BACKFILL || k == null) {
        continue; // what the coordinator has not learnt, the executor checks
      }
      Optional<String> reason = k.fullBuildReason(names.project().models().get(a.getKey()));
      if (reason.isPresent()) {
        throw new InvalidInputException(
            "Cannot backfill model "
                + a.getKey()
                + ": it needs a full build first ("
                + reason.get()
                + "); run it with POST /runs (select "
                + a.getKey()
                + "), then backfill (nothing was run)");
      }
    }
  }

  private void skip(Step s, String runId, ModelName m, List<ModelName> blockedBy) {
    String msg = "Skipped " + m + ": upstream " + blockedBy + " did not run";
    LOG.warning(msg);
    String model = m.toString();
    s.changes.putProgress(
        runId,
        model,
        s.changes.progress(runId, model).with(Status.SKIPPED, msg, ErrorCode.UPSTREAM_FAILED));
    removeWaiting(s.changes, model, runId);
    decrementOpen(s, runId);
    s.publish(runId, new ModelFailed(model, ErrorCode.UPSTREAM_FAILED, false, msg, 0));
  }

  private static void removeWaiting(Changes changes, String model, String runId) {
    ModelSlot slot = changes.slot(model);
    if (slot.waiting().contains(runId)) {
      List<String> w = new ArrayList<>(slot.waiting());
      w.remove(runId);
      changes.putSlot(model, slot.waiting(w));
    }
  }

  /** A model finished in a run: releases its downstream models and the runs waiting for it. */
  void finish(Step s, String runId, ModelName m, Status status, String message, ErrorCode code) {
    Changes changes = s.changes;
    String model = m.toString();
    if (!s.running(runId, model)) {
      return; // unknown run, duplicate or late outcome
    }
    changes.putProgress(runId, model, changes.progress(runId, model).with(status, message, code));
    decrementOpen(s, runId);
    ModelSlot slot = changes.slot(model);
    if (runId.equals(slot.inFlight())) {
      slot = slot.inFlight(null);
      changes.putSlot(model, slot);
    }
    if (status == Status.SUCCEEDED) {
      for (ModelName d : graph.downstream(m)) {
        tryStart(s, runId, d);
      }
    } else {
      cascadeSkips(s, runId, m);
    }
    // the oldest run waiting for this model takes it now
    while (changes.slot(model).inFlight() == null && !changes.slot(model).waiting().isEmpty()) {
      ModelSlot w = changes.slot(model);
      String next = w.waiting().get(0);
      changes.putSlot(model, w.waiting(w.waiting().subList(1, w.waiting().size())));
      tryStart(s, next, m);
    }
    expiry.keepIfFinished(s, runId);
  }

  private void cascadeSkips(Step s, String runId, ModelName failed) {
    Deque<ModelName> todo = new ArrayDeque<>(graph.downstream(failed));
    Set<ModelName> seen = new LinkedHashSet<>();
    while (!todo.isEmpty()) {
      ModelName d = todo.poll();
      if (!seen.add(d)) {
        continue;
      }
      ModelProgress p = s.changes.progress(runId, d.toString());
      if (p == null || p.status() != Status.PENDING) {
        continue;
      }
      tryStart(s, runId, d);
      if (s.changes.progress(runId, d.toString()).status() == Status.SKIPPED) {
        todo.addAll(graph.downstream(d));
      }
    }
  }

  private static void decrementOpen(Step s, String runId) {
    RunHeader h = s.changes.run(runId);
    s.changes.putRun(h.withOpen(h.open() - 1, s.now));
  }
}
