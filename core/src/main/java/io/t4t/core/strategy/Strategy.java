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
        Strategy load =
            switch (run.model().config().incremental().orElseThrow().strategy()) {
              case APPEND -> new AppendStrategy();
              case MERGE -> new MergeStrategy();
              case DELETE_INSERT -> new DeleteInsertStrategy();
            };
        // on_schema_change: the table takes the query's columns first
        return (r, d) -> SchemaSteps.before(r, d, load.steps(r, d));
      case BACKFILL:
        return new BackfillStrategy();
      default:
        return (r, d) -> List.of();
    }
  }
}
