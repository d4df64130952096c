package io.t4t.core.roles;

import io.t4t.core.coordinate.CommandFactory;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.execute.BackfillWindows;
import io.t4t.core.execute.WarehouseSession;
import io.t4t.core.plan.Catalog;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.ModelName;
import io.t4t.events.BackfillWindow;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans a model into a command from the run ledger's state as of now, read through the session that
 * also executes it ({@code t4t run}): what the coordinator learnt is not needed.
 */
public final class CommandPlanner implements CommandFactory {
  private final WarehouseSession session;
  private final boolean oneRun;
  private final Map<ModelName, Planned> planned = new HashMap<>();
  private RunRequested described;
  private Catalog catalog;

  /** A plan made for a command, from the model's ledger position {@code seq}. */
  private record Planned(RunOptions options, long seq, ModelRun run) {}

  public CommandPlanner(WarehouseSession session) {
    this(session, false);
  }

  /**
   * @param oneRun true when this process is the warehouse's only writer and plans one request
   *     ({@link LocalRun} on DuckDB): the request's models are described with one catalog query
   *     when it is first planned, since each model's table then changes only by that model's own
   *     run
   */
  CommandPlanner(WarehouseSession session, boolean oneRun) {
    this.session = session;
    this.oneRun = oneRun;
  }

  @Override
  public ModelRunCommand command(
      ModelName model, RunRequested request, int attempt, ModelSlot.Known known) {
    BackfillWindow w = request.backfill();
    if (w != null && session.project().models().get(model).config().incremental().isPresent()) {
      // reload the window (decision 0012); the whole selection below the model is checked here,
      // so that bad bounds or a refused downstream model fail before any write
      BackfillWindows.plan(session, model, request.vars(), w.start(), w.end());
      return new ModelRunCommand(
          model.toString(),
          "backfill",
          session.ledgerSeq(model),
          request.vars(),
          false,
          attempt,
          w.start(),
          w.end());
    }
    RunOptions options = options(request);
    ModelRun run = plan(session, model, options, oneRun ? catalog(request) : session.warehouse());
    long seq = session.ledgerSeq(model);
    if (oneRun) { // only then does the executor take it (LocalRun)
      planned.put(model, new Planned(options, seq, run));
    }
    // a refused run is commanded as the planner's files say; the executor reports the refusal
    String mode =
        run.mode() == io.t4t.core.plan.RunMode.REFUSE
            ? "full"
            : run.mode().name().toLowerCase(Locale.ROOT);
    return new ModelRunCommand(
        model.toString(), mode, seq, request.vars(), request.fullRefresh(), attempt);
  }

  /**
   * The plan made for the model's last command, when it was made with these options from this
   * ledger position (nothing else wrote the model in between: the same plan again), else one made
   * now. Taken once.
   */
  ModelRun plan(ModelName model, RunOptions options, long seq) {
    Planned p = planned.remove(model);
    if (p != null && p.seq() == seq && p.options().equals(options)) {
      return p.run();
    }
    return plan(session, model, options);
  }

  /** The model planned with {@code options} from the session's ledger as of now. */
  static ModelRun plan(WarehouseSession session, ModelName model, RunOptions options) {
    return plan(session, model, options, session.warehouse());
  }

  /** As {@link #plan(WarehouseSession, ModelName, RunOptions)}, describing tables by catalog. */
  private static ModelRun plan(
      WarehouseSession session, ModelName model, RunOptions options, Catalog catalog) {
    return session.plan(model, options.vars(), options.fullRefresh(), catalog);
  }

  private Catalog catalog(RunRequested request) {
    if (request != described) {
      described = request;
      catalog =
          session.catalogFor(
              io.t4t.core.coordinate.RunRequests.selected(
                  session.project(), request.select(), request.exclude()));
    }
    return catalog;
  }

  static RunOptions options(RunRequested request) {
    return new RunOptions(request.vars(), List.of(), List.of(), request.fullRefresh());
  }
}
