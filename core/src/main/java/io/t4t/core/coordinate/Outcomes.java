package io.t4t.core.coordinate;

import static io.t4t.core.coordinate.EventCheck.modelOf;

import io.t4t.core.error.Messages;
import io.t4t.core.project.ModelName;
import io.t4t.events.ErrorCode;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelState;
import java.util.logging.Logger;

/**
 * A model run's outcome, and what the planner learns from it: a completion finishes the model; a
 * stale plan is planned again at once (up to {@link Coordinator#MAX_REPLANS} times) without
 * spending an attempt; a retryable failure is retried after a back-off while attempts remain; any
 * other failure fails the model. Completions, {@code model_state} and stale-plan refusals teach the
 * model's newest ledger position, which later commands are planned from.
 */
final class Outcomes {
  private static final Logger LOG = Logger.getLogger("ExecutionEngine");

  private final Release release;
  private final Retries retries;
  private final int maxAttempts;

  Outcomes(Release release, Retries retries, int maxAttempts) {
    this.release = release;
    this.retries = retries;
    this.maxAttempts = maxAttempts;
  }

  void completed(Step s, String runId, ModelCompleted c) {
    learn(s, c.model(), c.materialization(), c.sqlHash(), c.configHash(), c.ledgerSeq(), false);
    if (s.running(runId, c.model())) {
      s.changes.putProgress(
          runId,
          c.model(),
          s.changes.progress(runId, c.model()).withResult(ModelProgress.Result.of(c)));
    }
    release.finish(s, runId, modelOf(c.model()), Status.SUCCEEDED, null, null);
  }

  void state(Step s, ModelState m) {
    learn(s, m.model(), m.materialization(), m.sqlHash(), m.configHash(), m.ledgerSeq(), false);
  }

  void failed(Step s, String runId, ModelFailed f) {
    ModelName m = modelOf(f.model());
    if (f.errorCode() == ErrorCode.STALE_PLAN && f.ledgerSeq() != null) {
      ModelState st = f.ledgerState();
      // the executor read the ledger itself: its position wins, even one behind what was seen
      // (a warehouse restored from a backup)
      learn(
          s,
          f.model(),
          st == null ? null : st.materialization(),
          st == null ? null : st.sqlHash(),
          st == null ? null : st.configHash(),
          f.ledgerSeq(),
          true);
    }
    if (!s.running(runId, f.model())) {
      return;
    }
    ModelProgress p = s.changes.progress(runId, f.model());
    if (f.attempt() != null && f.attempt() != p.attempt()) {
      return; // the failure of an earlier attempt, delivered again: already acted on
    }
    if (f.errorCode() == ErrorCode.STALE_PLAN && p.replans() < Coordinator.MAX_REPLANS) {
      LOG.info("Planning " + m + " again: " + f.message());
      s.changes.putProgress(runId, f.model(), p.replanned());
      release.command(s, runId, m, p.attempt());
      return;
    }
    if (f.retryable() && p.attempt() < maxAttempts) {
      int next = p.attempt() + 1;
      LOG.warning("Retrying " + m + " (attempt " + next + "): " + f.message());
      s.changes.putProgress(runId, f.model(), p.attempt(next));
      retries.later(s, runId, f.model(), -1, 0, next);
      return;
    }
    // the run's progress is read without a token: a blocking audit's failing rows stay out of it
    String message =
        f.errorCode() == ErrorCode.AUDIT_FAILED
            ? Messages.withoutFailingRows(f.message())
            : f.message();
    release.finish(s, runId, m, Status.FAILED, message, f.errorCode());
  }

  /** Keeps a model's state at a ledger position newer than the one known (any, to override). */
  private static void learn(
      Step s, String model, String mat, String sql, String config, long seq, boolean override) {
    ModelSlot slot = s.changes.slot(model);
    ModelSlot.Known k = slot.known();
    if (override || k == null || k.seq() < seq) {
      s.changes.putSlot(model, slot.known(new ModelSlot.Known(mat, sql, config, seq)));
    }
  }
}
