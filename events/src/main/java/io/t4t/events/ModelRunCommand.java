package io.t4t.events;

import java.util.List;
import java.util.Map;

/**
 * Apply one model run. Keyed by model, so one executor owns a model's runs in order. Applying is
 * idempotent per (run id, model): the executor checks the run ledger in the target first.
 *
 * <p>The planner's decision is binding (schema version 2): the executor applies the command only
 * when the model's newest ledger entry is still {@code basedOnLedgerSeq} and its own plan from that
 * entry has the same {@code mode}. Otherwise it refuses with {@code STALE_PLAN} (the ledger moved
 * on: the failure carries the ledger's position and the planner plans again) or {@code
 * PLAN_MISMATCH} (same position, other decision: planner and executor read different project files,
 * or the target changed outside t4t). Version 1 also carried {@code mode = "finalize"}; such
 * records are read as {@link ModelRunFinalize}.
 *
 * @param model {@code schema.name}
 * @param mode what the planner decided: {@code full}, {@code incremental}, {@code view} or {@code
 *     backfill}
 * @param basedOnLedgerSeq the model's newest ledger position the plan was made from (0: none)
 * @param vars the run's variables
 * @param fullRefresh the run was asked to rebuild
 * @param attempt 1 for the first delivery of a retry chain, counting up on retries
 * @param start for {@code backfill}: the window's first time value (inclusive); else null
 * @param end for {@code backfill}: the value the window stops before (exclusive); else null
 */
public record ModelRunCommand(
    String model,
    String mode,
    long basedOnLedgerSeq,
    Map<String, Object> vars,
    boolean fullRefresh,
    int attempt,
    String start,
    String end)
    implements Payload {

  /** A command of a run (not a backfill window). */
  public ModelRunCommand(
      String model,
      String mode,
      long basedOnLedgerSeq,
      Map<String, Object> vars,
      boolean fullRefresh,
      int attempt) {
    this(model, mode, basedOnLedgerSeq, vars, fullRefresh, attempt, null, null);
  }

  /** The modes a command may carry. */
  public static final List<String> MODES = List.of("full", "incremental", "view", "backfill");

  public ModelRunCommand {
    Fields.required(model, EventType.MODEL_RUN_COMMAND, "model");
    Fields.required(mode, EventType.MODEL_RUN_COMMAND, "mode");
    if (!MODES.contains(mode)) {
      throw new EventFormatException(
          "Invalid model_run_command payload for "
              + model
              + ": mode '"
              + mode
              + "' (expected one of "
              + String.join(", ", MODES)
              + ")");
    }
    Fields.atLeast(basedOnLedgerSeq, 0, EventType.MODEL_RUN_COMMAND, "based_on_ledger_seq");
    Fields.atLeast(attempt, 1, EventType.MODEL_RUN_COMMAND, "attempt");
    if (mode.equals("backfill")) {
      Fields.required(start, EventType.MODEL_RUN_COMMAND, "start");
      Fields.required(end, EventType.MODEL_RUN_COMMAND, "end");
    } else if (start != null || end != null) {
      throw new EventFormatException(
          "Invalid model_run_command payload for "
              + model
              + ": 'start' and 'end' belong to a backfill, not a "
              + mode
              + " run");
    }
    vars =
        vars == null
            ? Map.of()
            : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(vars));
  }

  @Override
  public EventType type() {
    return EventType.MODEL_RUN_COMMAND;
  }

  @Override
  public String key() {
    return model;
  }
}
