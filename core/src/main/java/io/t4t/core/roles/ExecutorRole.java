package io.t4t.core.roles;

import io.t4t.core.coordinate.RunCoordinator;
import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.FanOutExecutor;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.ModelName;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventFormatException;
import io.t4t.events.MergeTask;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelFannedOut;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelStarted;
import java.util.ArrayList;
import java.util.List;

/**
 * The executor role: applies a model-run command or a merge task and answers with the outcome. The
 * model is planned again here, from the ledger of the warehouse it is applied to, so a command can
 * never apply a stale plan; a command already applied (a redelivery) is answered from the ledger.
 *
 * <p>An incremental merge or delete_insert with a large delta is staged and split into buckets (see
 * {@link FanOutExecutor}): the answer is a {@code model_fanned_out} event and one {@code
 * merge_task} per bucket, which the executor group's merge sinks apply; a {@code finalize} command
 * records the run once the collector has seen every bucket applied.
 */
public final class ExecutorRole {
  private final ProjectRunner runner;
  private final String name;

  /**
   * @param name this executor's name in {@code model_started} events (host and process)
   */
  public ExecutorRole(ProjectRunner runner, String name) {
    this.runner = runner;
    this.name = name;
  }

  public List<Envelope> handle(Envelope event) {
    if (event.payload() instanceof MergeTask t) {
      return bucket(event.runId(), t);
    }
    if (!(event.payload() instanceof ModelRunCommand c)) {
      throw new EventFormatException(
          "Cannot execute a "
              + event.type().wireName()
              + " event: expected model_run_command or merge_task");
    }
    String runId = event.runId();
    if (RunCoordinator.FINALIZE.equals(c.mode())) {
      return List.of(outcome(runId, c, runner.finish(ModelName.parse(c.model()), runId)));
    }
    Envelope started = Envelope.of(runId, new ModelStarted(c.model(), name, c.attempt()));
    ModelRun run;
    try {
      RunOptions options = new RunOptions(c.vars(), List.of(), List.of(), c.fullRefresh());
      run = runner.plan(ModelName.parse(c.model()), options);
    } catch (InvalidInputException e) {
      return List.of(
          started,
          Envelope.of(
              runId,
              new ModelFailed(c.model(), ErrorCode.INVALID_MODEL, false, e.getMessage(), 0)));
    }
    FanOutExecutor.StageResult staged = runner.stage(run, runId);
    if (staged instanceof FanOutExecutor.Staged s) {
      List<Envelope> out = new ArrayList<>();
      out.add(started);
      out.add(Envelope.of(runId, new ModelFannedOut(c.model(), s.buckets(), s.deltaRows())));
      for (int b = 0; b < s.buckets(); b++) {
        out.add(Envelope.of(runId, new MergeTask(c.model(), b, s.buckets(), 1)));
      }
      return out;
    }
    return List.of(started, outcome(runId, c, ((FanOutExecutor.Direct) staged).outcome()));
  }

  private List<Envelope> bucket(String runId, MergeTask t) {
    long started = System.nanoTime();
    FanOutExecutor.BucketOutcome o =
        runner.applyBucket(runId, ModelName.parse(t.model()), t.bucket(), t.buckets());
    if (o.ok()) {
      return List.of(
          Envelope.of(
              runId,
              new BucketCompleted(
                  t.model(),
                  t.bucket(),
                  t.buckets(),
                  o.rows(),
                  (System.nanoTime() - started) / 1_000_000,
                  o.alreadyApplied())));
    }
    return List.of(
        Envelope.of(
            runId,
            new BucketFailed(
                t.model(),
                t.bucket(),
                t.buckets(),
                o.errorCode(),
                o.errorCode().retryable(),
                o.message())));
  }

  private static Envelope outcome(String runId, ModelRunCommand c, RunOutcome outcome) {
    if (outcome.ok()) {
      LedgerEntry e = outcome.entry();
      return Envelope.of(
          runId,
          new ModelCompleted(
              c.model(),
              e.materialization(),
              e.strategy(),
              e.rowsWritten(),
              e.lastProcessedValue(),
              e.sqlHash(),
              e.configHash(),
              e.seq(),
              outcome.durationMillis(),
              outcome.status() == RunOutcome.Status.ALREADY_APPLIED));
    }
    return Envelope.of(
        runId,
        new ModelFailed(
            c.model(),
            outcome.errorCode(),
            outcome.errorCode().retryable(),
            outcome.message(),
            outcome.durationMillis()));
  }
}
