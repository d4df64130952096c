package io.t4t.core.roles;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.ModelName;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.events.Envelope;
import io.t4t.events.ErrorCode;
import io.t4t.events.EventFormatException;
import io.t4t.events.ModelCompleted;
import io.t4t.events.ModelFailed;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.ModelStarted;
import java.util.List;

/**
 * The executor role: applies a model-run command and answers with its outcome. The model is planned
 * again here, from the ledger of the warehouse it is applied to, so a command can never apply a
 * stale plan; a command already applied (a redelivery) is answered from the ledger.
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

  public List<Envelope> handle(Envelope command) {
    if (!(command.payload() instanceof ModelRunCommand c)) {
      throw new EventFormatException(
          "Cannot execute a " + command.type().wireName() + " event: expected model_run_command");
    }
    String runId = command.runId();
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
    RunOutcome outcome = runner.apply(run, runId);
    if (outcome.ok()) {
      LedgerEntry e = outcome.entry();
      return List.of(
          started,
          Envelope.of(
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
                  outcome.status() == RunOutcome.Status.ALREADY_APPLIED)));
    }
    return List.of(
        started,
        Envelope.of(
            runId,
            new ModelFailed(
                c.model(),
                outcome.errorCode(),
                outcome.errorCode().retryable(),
                outcome.message(),
                outcome.durationMillis())));
  }
}
