package io.t4t.console;

import io.t4t.core.coordinate.RunView;
import io.t4t.core.dag.ModelGraph;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunFailure;
import io.t4t.core.project.Project;
import io.t4t.events.ModelState;
import io.t4t.events.TestOutcome;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a host of the console knows: {@code t4t serve} answers from its warehouse session and its
 * coordination's stores, the planner-service from its own. Every method may be called from any
 * thread and should answer quickly (the pages call them per request).
 */
public interface ConsoleSource {
  /** The loaded project. */
  Project project();

  /** Its models and their dependencies. */
  ModelGraph graph();

  /** The runs this host knows (in flight and recently finished), newest first. */
  List<String> runIds();

  /** Where each model of one run stands; empty while unknown, or when it expired. */
  Optional<RunView> run(String runId);

  /**
   * The data tests (audits) each succeeded model of a run ran on its batch before publishing, as
   * its {@code model_completed} carried them and the coordination keeps them in {@link
   * RunView#results()}, by model; a model without tests, or a run this host does not know (any
   * more), is absent. A host whose pages need no token while failing rows do (the planner-service)
   * leaves the failing rows out.
   */
  default Map<String, List<TestOutcome>> tests(String runId) {
    Map<String, List<TestOutcome>> out = new LinkedHashMap<>();
    run(runId)
        .ifPresent(
            v ->
                v.results()
                    .forEach(
                        (m, r) -> {
                          if (!r.tests().isEmpty()) {
                            out.put(m, r.tests());
                          }
                        }));
    return out;
  }

  /** Each model's current state, by {@code schema.name}; a model without state is absent. */
  Map<String, ModelState> state();

  /**
   * A model's run history: its applied runs (the ledger's entries, or the planner-service's view of
   * them), the failed attempts where the host keeps them, and the data tests each run ran where the
   * host knows them (the planner-service from the state-service's rows, {@code t4t serve} for the
   * runs it keeps). The page merges both lists by time, as {@code t4t runs} does.
   *
   * @param entries applied runs and resets, newest first
   * @param failures failed, audit-failed, refused and skipped attempts, newest first
   * @param tests by run id; a run without tests, or one the host kept none for, is absent
   */
  record History(
      List<LedgerEntry> entries, List<RunFailure> failures, Map<String, List<TestOutcome>> tests) {
    public History {
      entries = List.copyOf(entries);
      failures = List.copyOf(failures);
      tests = Map.copyOf(tests);
    }
  }

  /**
   * The model's run history, newest first, at most {@code limit} of each kind.
   *
   * @throws HistoryUnavailable when this host cannot read it now (the model page says why)
   */
  History history(String model, int limit);

  /** The data tests {@link #tests} keeps for the model in each of these runs, by run id. */
  default Map<String, List<TestOutcome>> keptTests(String model, List<LedgerEntry> entries) {
    Map<String, List<TestOutcome>> kept = new LinkedHashMap<>();
    for (LedgerEntry e : entries) {
      List<TestOutcome> t = tests(e.runId()).get(model);
      if (t != null) {
        kept.put(e.runId(), t);
      }
    }
    return kept;
  }

  /**
   * A host cannot read its runs yet (its stores are starting or moving between replicas); a page
   * that needs them answers 503 with its message, which says to try again.
   */
  final class NotReady extends RuntimeException {
    public NotReady(String message) {
      super(message);
    }
  }

  /**
   * A host that reads history from elsewhere cannot now (not configured, no token, unreachable);
   * its message, starting "Cannot", is shown in place of the history.
   */
  final class HistoryUnavailable extends RuntimeException {
    public HistoryUnavailable(String message) {
      super(message);
    }
  }
}
