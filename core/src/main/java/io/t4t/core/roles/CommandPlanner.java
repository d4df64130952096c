package io.t4t.core.roles;

import io.t4t.core.coordinate.CommandFactory;
import io.t4t.core.coordinate.ModelSlot;
import io.t4t.core.plan.ModelRun;
import io.t4t.core.project.ModelName;
import io.t4t.core.run.ProjectRunner;
import io.t4t.core.run.RunOptions;
import io.t4t.events.ModelRunCommand;
import io.t4t.events.RunRequested;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plans a model into a command from the run ledger's state as of now, read through the runner that
 * also executes it ({@code t4t run}): what the coordinator learnt is not needed.
 */
public final class CommandPlanner implements CommandFactory {
  private final ProjectRunner runner;
  private final boolean oneRun;
  private final Map<ModelName, Planned> planned = new HashMap<>();
  private RunRequested described;
  private io.t4t.core.plan.Catalog catalog;

  /** A plan made for a command, from the model's ledger position {@code seq}. */
  private record Planned(RunOptions options, long seq, ModelRun run) {}

  public CommandPlanner(ProjectRunner runner) {
    this(runner, false);
  }

  /**
   * @param oneRun true when this process is the warehouse's only writer and plans one request
   *     ({@link LocalRun} on DuckDB): the request's models are described with one catalog query
   *     when it is first planned, since each model's table then changes only by that model's own
   *     run
   */
  CommandPlanner(ProjectRunner runner, boolean oneRun) {
    this.runner = runner;
    this.oneRun = oneRun;
  }

  @Override
  public ModelRunCommand command(
      ModelName model, RunRequested request, int attempt, ModelSlot.Known known) {
    RunOptions options = options(request);
    ModelRun run =
        oneRun ? runner.plan(model, options, catalog(request)) : runner.plan(model, options);
    long seq = runner.ledgerSeq(model);
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
    return runner.plan(model, options);
  }

  private io.t4t.core.plan.Catalog catalog(RunRequested request) {
    if (request != described) {
      described = request;
      catalog =
          runner.catalogFor(
              io.t4t.core.coordinate.RunRequests.selected(
                  runner.project(), request.select(), request.exclude()));
    }
    return catalog;
  }

  static RunOptions options(RunRequested request) {
    return new RunOptions(request.vars(), List.of(), List.of(), request.fullRefresh());
  }
}
