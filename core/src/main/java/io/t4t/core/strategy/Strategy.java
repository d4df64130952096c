package io.t4t.core.strategy;

import io.t4t.core.dialect.Dialect;
import io.t4t.core.plan.ModelRun;
import java.util.List;

/** Turns a planned model run into statements for one dialect. */
public interface Strategy {
  List<Step> steps(ModelRun run, Dialect dialect);

  /** The strategy for a run: chosen by run mode and the model's incremental strategy. */
  static Strategy forRun(ModelRun run) {
    switch (run.mode()) {
      case VIEW:
        return new ViewStrategy();
      case FULL:
        return new RebuildStrategy();
      case INCREMENTAL:
        switch (run.model().config().incremental().orElseThrow().strategy()) {
          case APPEND:
            return new AppendStrategy();
          case MERGE:
            return new MergeStrategy();
          case DELETE_INSERT:
            return new DeleteInsertStrategy();
          default:
            throw new IllegalStateException();
        }
      case BACKFILL:
        return new BackfillStrategy();
      default:
        return (r, d) -> List.of();
    }
  }
}
