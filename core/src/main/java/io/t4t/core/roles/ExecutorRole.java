package io.t4t.core.roles;

import io.t4t.core.error.InvalidInputException;
import io.t4t.core.execute.BackfillWindows;
import io.t4t.core.execute.FanOutExecutor;
import io.t4t.core.execute.LedgerEntry;
import io.t4t.core.execute.RunFailure;
import io.t4t.core.execute.RunOutcome;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.plan.RunMode;
import io.t4t.core.project.ModelName;
import io.t4t.events.BucketCompleted;
import io.t4t.events.BucketFailed;
import io.t4t.events.DeadLetter;
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
import io.t4t.events.ModelStarted;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The executor role: applies a model-run command or a merge task and answers with the outcome. The
 * model is planned again here, from the ledger of the warehouse it is applied to (in one thread of
 * the warehouse's only writer, {@link LocalRun} on DuckDB, the plan made there from the same ledger
 * position is taken: nothing else can have changed the table), so a command can never apply a stale
 * plan; a command already applied (a redelivery) is answered from the ledger.
 *
 * <p>An incremental merge or delete_insert with a large delta is staged and split into buckets (see
 * {@link FanOutExecutor}): the answer is a {@code model_fanned_out} event and one {@code
 * merge_task} per bucket, which the executor group's merge sinks apply; a {@code finalize} command
 * records the run once the collector has seen every bucket applied.
 *
 * <p>A little over 300 lines: it is the one handler of what an executor receives (model-run
 * commands, backfills among them, merge tasks and finalizes), each a short method over the session.
 */
public final class ExecutorRole {
  private final WarehouseSession session;
  private final String name;
  private final boolean fanOut;
  private final Plans plans;

  /** Where the executor gets the plan of a command it is about to apply. */
  @FunctionalInterface
  public interface Plans {
    /**
     * The model planned with {@code options} from ledger position {@code ledgerSeq}, the one this
     * executor's warehouse is at.
     */
    ModelRun plan(ModelName model, RunOptions options, long ledgerSeq);
  }

  /**
   * @param name this executor's name in {@code model_started} events (host and process)
   */
  public ExecutorRole(WarehouseSession session, String name) {
    this(session, name, true);
  }

  /**
   * @param fanOut whether large merges fan out to merge sinks ({@code [fan_out]}); a run in one
   *     thread ({@link LocalRun}) applies every model in one transaction instead, since buckets
   *     applied one after another only add work
   */
  public ExecutorRole(WarehouseSession session, String name, boolean fanOut) {
    this(session, name, fanOut, (m, options, seq) -> CommandPlanner.plan(session, m, options));
  }

  /**
   * @param plans where plans come from: planned again here, or, in one thread ({@link LocalRun}),
   *     the plan its {@link CommandPlanner} made a moment before from the same ledger position
   */
  ExecutorRole(WarehouseSession session, String name, boolean fanOut, Plans plans) {
    this.session = session;
    this.name = name;
    this.plans = plans;
    this.fanOut = fanOut;
  }

  /**
   * Applies a {@code model_run_command}, {@code model_run_finalize} or {@code merge_task}.
   *
   * @throws EventFormatException for another event type, or a model this project does not have (the
   *     record is dead-lettered: no outcome can be published for a model that does not exist)
   */
  public List<Envelope> handle(Envelope event) {
    String runId = event.runId();
    if (event.payload() instanceof MergeTask t) {
      return bucket(runId, model(t.model()), t);
    }
    if (event.payload() instanceof ModelRunFinalize f) {
      return List.of(outcome(runId, f.model(), session.finish(model(f.model()), runId)));
    }
    if (!(event.payload() instanceof ModelRunCommand c)) {
      throw new EventFormatException(
          DeadLetterReason.WRONG_TOPIC,
          "Cannot execute a "
              + event.type().wireName()
              + " event: expected model_run_command, model_run_finalize or merge_task");
    }
    return ofAttempt(command(runId, c), c.attempt());
  }

  /** Failures of a command say which attempt failed. */
  private static List<Envelope> ofAttempt(List<Envelope> out, int attempt) {
    return out.stream()
        .map(
            e ->
                e.payload() instanceof ModelFailed f
                    ? Envelope.of(e.runId(), f.ofAttempt(attempt))
                    : e)
        .toList();
  }

  private List<Envelope> command(String runId, ModelRunCommand c) {
    ModelName model = model(c.model());
    Envelope started = Envelope.of(runId, new ModelStarted(c.model(), name, c.attempt()));
    session.refresh(model);
    long seq = session.ledgerSeq(model);
    if (seq != c.basedOnLedgerSeq()) {
      // the ledger moved since the plan: by this very run (a redelivery, answered from the
      // ledger), or by something else (the plan is stale)
      Optional<LedgerEntry> applied = session.applied(runId, model);
      if (applied.isPresent()) {
        return List.of(
            started, outcome(runId, c.model(), RunOutcome.alreadyApplied(model, applied.get())));
      }
      String message =
          "Cannot apply the planner's "
              + c.mode()
              + " run of "
              + model
              + ": it was planned from ledger position "
              + c.basedOnLedgerSeq()
              + ", and the model's ledger is at "
              + seq
              + " (a run or a reset was recorded since); nothing was applied, the planner plans it"
              + " again from there";
      return List.of(
          started,
          Envelope.of(
              runId,
              new ModelFailed(
                  c.model(),
                  ErrorCode.STALE_PLAN,
                  true,
                  message,
                  0,
                  seq,
                  session.state().get(model.toString()))));
    }
    ModelRun run;
    try {
      RunOptions options = new RunOptions(c.vars(), List.of(), List.of(), c.fullRefresh());
      // a backfill is planned with every model of its selection below this one, so that one of
      // them that would be refused fails this command before it writes (decision 0012)
      run =
          c.mode().equals("backfill")
              ? BackfillWindows.plan(session, model, c.vars(), c.start(), c.end()).get(0)
              : plans.plan(model, options, seq);
    } catch (InvalidInputException e) {
      return List.of(started, refused(runId, c, ErrorCode.INVALID_MODEL, e.getMessage()));
    }
    String mode = run.mode().name().toLowerCase(Locale.ROOT);
    // a schema change shows only with the warehouse: a planner reading files plans incremental,
    // and the rebuild on_schema_change asks for is this executor's to decide
    boolean schemaRebuild =
        run.mode() == RunMode.FULL && run.schema() != null && "incremental".equals(c.mode());
    if (run.mode() != RunMode.REFUSE && !mode.equals(c.mode()) && !schemaRebuild) {
      return List.of(
          started,
          refused(
              runId,
              c,
              ErrorCode.PLAN_MISMATCH,
              "Cannot apply the planner's "
                  + c.mode()
                  + " run of "
                  + model
                  + ": from the same ledger position ("
                  + seq
                  + ") this executor plans it as "
                  + mode
                  + " ("
                  + run.reason()
                  + "). The planner and the executors read different project files (deploy"
                  + " them together), or the target changed outside t4t (then run the model"
                  + " with full_refresh). Nothing was applied"));
    }
    FanOutExecutor.StageResult staged =
        fanOut ? session.stage(run, runId) : new FanOutExecutor.Direct(session.apply(run, runId));
    if (staged instanceof FanOutExecutor.Staged s) {
      List<Envelope> out = new ArrayList<>();
      out.add(started);
      out.add(Envelope.of(runId, new ModelFannedOut(c.model(), s.buckets(), s.deltaRows())));
      for (int b = 0; b < s.buckets(); b++) {
        out.add(Envelope.of(runId, new MergeTask(c.model(), b, s.buckets(), 1)));
      }
      return out;
    }
    return List.of(started, outcome(runId, c.model(), ((FanOutExecutor.Direct) staged).outcome()));
  }

  /**
   * The failure of a command this executor will not apply (its plan is refused): recorded in the
   * run history with the command's kind and window, and published.
   */
  private Envelope refused(String runId, ModelRunCommand c, ErrorCode code, String message) {
    session.recordFailure(
        RunFailure.of(runId, c.model(), c.mode(), c.start(), c.end(), code, message, null));
    return Envelope.of(runId, new ModelFailed(c.model(), code, false, message, 0));
  }

  /**
   * The outcome to publish for a valid command or task whose handling failed for good (its record
   * goes to the dead-letter topic): the planner learns that the model failed, so the run ends and
   * the model is free for later runs, instead of waiting for an outcome that never comes.
   */
  public static Envelope failed(Envelope command, Throwable failure) {
    ErrorCode code =
        DeadLetter.reasonOf(failure) == DeadLetterReason.UNKNOWN_MODEL
            ? ErrorCode.INVALID_MODEL
            : ErrorCode.INTERNAL;
    String message =
        "Cannot execute the "
            + command.type().wireName()
            + " ("
            + failure.getMessage()
            + "); the record is on the dead-letter topic";
    String model = command.key().split("#", 2)[0];
    if (command.payload() instanceof MergeTask t) {
      return Envelope.of(
          command.runId(), new BucketFailed(model, t.bucket(), t.buckets(), code, false, message));
    }
    return Envelope.of(command.runId(), new ModelFailed(model, code, false, message, 0));
  }

  /** The project's model of that name; a name it does not have is a bad record. */
  private ModelName model(String text) {
    try {
      ModelName name = ModelName.parse(text);
      if (session.project().models().containsKey(name)) {
        return name;
      }
    } catch (InvalidInputException e) {
      // reported below, the same way
    }
    throw new EventFormatException(
        DeadLetterReason.UNKNOWN_MODEL,
        "Cannot execute a run of '"
            + text
            + "': project "
            + session.project().folder()
            + " has no such model (models are named schema.name; the planner and the executors"
            + " must read the same project)");
  }

  private List<Envelope> bucket(String runId, ModelName model, MergeTask t) {
    long started = System.nanoTime();
    FanOutExecutor.BucketOutcome o = session.applyBucket(runId, model, t.bucket(), t.buckets());
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

  private static Envelope outcome(String runId, String model, RunOutcome outcome) {
    if (outcome.ok()) {
      LedgerEntry e = outcome.entry();
      return Envelope.of(
          runId,
          new ModelCompleted(
              model,
              e.materialization(),
              e.strategy(),
              e.rowsWritten(),
              e.lastProcessedValue(),
              e.sqlHash(),
              e.configHash(),
              e.seq(),
              outcome.durationMillis(),
              outcome.status() == RunOutcome.Status.ALREADY_APPLIED,
              e.detail().runKind(),
              e.detail().inserted(),
              e.detail().updated(),
              e.detail().deleted(),
              outcome.tests().stream().map(io.t4t.core.audit.TestResult::event).toList()));
    }
    return Envelope.of(
        runId,
        new ModelFailed(
            model,
            outcome.errorCode(),
            outcome.errorCode().retryable(),
            outcome.message(),
            outcome.durationMillis()));
  }
}
